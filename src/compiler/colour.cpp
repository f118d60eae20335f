#include "compiler/colour.h"

namespace zc::compiler {

std::string strip_colour(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\x1b' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        char kind = text[i + 1];
        if (kind == '[') {
            size_t j = i + 2;
            while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e)) ++j;
            i = j;
        } else if (kind == ']') {
            size_t j = i + 2;
            while (j < text.size() && text[j] != '\x07' &&
                   !(text[j] == '\x1b' && j + 1 < text.size() && text[j + 1] == '\\'))
                ++j;
            i = (j < text.size() && text[j] == '\x1b') ? j + 1 : j;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace zc::compiler
