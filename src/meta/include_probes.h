#pragma once
// `__has_include` probes in a source or header. A probe's answer depends on files the dep file
// never names: a probed header that was absent must stay absent, one that was present must stay
// as it was. Probes are read as text: literal ones (`__has_include(<tbb/tbb.h>)`), and those made
// through a wrapper macro (`#define FMT_HAS_INCLUDE(x) __has_include(x)`, then
// `FMT_HAS_INCLUDE(<version>)`, possibly in another file). Any other form cannot be read, and a
// compile that sees one is not stored.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zc::meta {

struct IncludeProbe {
    std::string name;  // as written between <> or ""
    bool angle = false;
    bool operator==(const IncludeProbe&) const = default;
};

struct IncludeProbes {
    std::vector<IncludeProbe> literal;
    std::vector<std::string> wrappers;  // macros defined as __has_include of their parameter
    // Every UPPER_CASE_MACRO(<x>) or ("x") call: probes when the macro is a wrapper.
    std::vector<std::pair<std::string, IncludeProbe>> calls;
    bool unresolved = false;  // a probe of a form we cannot read

    bool empty() const { return literal.empty() && wrappers.empty() && calls.empty() && !unresolved; }
};

IncludeProbes scan_include_probes(std::string_view text);

}  // namespace zc::meta
