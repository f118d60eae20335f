#pragma once
// Terminal escape sequences in compiler diagnostics.

#include <string>
#include <string_view>

namespace zc::compiler {

// Removes CSI sequences (ESC [ ... final byte) and OSC sequences such as hyperlinks
// (ESC ] ... BEL or ESC \), which is what separates gcc/clang colour output from plain.
std::string strip_colour(std::string_view text);

}  // namespace zc::compiler
