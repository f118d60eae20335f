#include "compiler/depfile.h"

#include <unordered_set>

namespace zc::compiler {

std::vector<std::string> parse_dep_file(std::string_view text) {
    std::vector<std::string> deps;
    std::unordered_set<std::string> seen;
    std::string word;
    bool in_targets = true;  // each line starts with targets until its ':'

    auto finish_word = [&](bool is_target) {
        if (!word.empty() && !is_target && !in_targets && seen.insert(word).second) deps.push_back(word);
        word.clear();
    };

    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (c == '\\' && next == '\n') {  // continuation
            finish_word(false);
            ++i;
        } else if (c == '\\' && next == '\r' && i + 2 < text.size() && text[i + 2] == '\n') {
            finish_word(false);
            i += 2;
        } else if (c == '\\' && (next == ' ' || next == '#' || next == '\\' || next == ':')) {
            word += next;
            ++i;
        } else if (c == '$' && next == '$') {
            word += '$';
            ++i;
        } else if (c == ':' && in_targets &&
                   (next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\0')) {
            word.clear();
            in_targets = false;
        } else if (c == '\n') {
            finish_word(false);
            in_targets = true;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            if (in_targets) {
                word.clear();
            } else {
                finish_word(false);
            }
        } else {
            word += c;
        }
    }
    finish_word(false);
    return deps;
}

}  // namespace zc::compiler
