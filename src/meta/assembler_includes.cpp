#include "meta/assembler_includes.h"

namespace zc::meta {

bool mentions_assembler_include(std::string_view text) {
    return text.find(".incbin") != std::string_view::npos || text.find(".include") != std::string_view::npos;
}

}  // namespace zc::meta
