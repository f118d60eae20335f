#pragma once
// Whether a C/C++ source or header uses __DATE__, __TIME__ or __TIMESTAMP__: a compile that
// expands one gives a different object every time, so its result must not be stored. Mentions
// in comments and string literals do not count (loggers and our own sources name them there),
// nor do longer identifiers that contain them.

#include <string_view>

namespace zc::meta {

bool uses_time_macro(std::string_view source);

}  // namespace zc::meta
