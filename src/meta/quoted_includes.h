#pragma once
// The `#include "name"` and `#import "name"` directives of a source or header, read as text.
// A quoted include looks first in its includer's directory, which the dep file does not say: with
// these names and the dep file, a miss knows which header each includer's directory could shadow
// without a second, preprocessing-only run of the compiler (daemon/tools/result_store.cpp). A
// directive whose name comes from a macro cannot be read so, and says so.

#include <string>
#include <string_view>
#include <vector>

namespace zc::meta {

struct QuotedIncludes {
    std::vector<std::string> names;  // as written between the quotes, each once
    bool computed = false;           // an #include of a macro (or one we cannot parse)

    bool empty() const { return names.empty() && !computed; }
};

QuotedIncludes scan_quoted_includes(std::string_view text);

}  // namespace zc::meta
