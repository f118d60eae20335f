#pragma once
// `@file` arguments as gcc and clang expand them: the file's words replace the argument, nested
// files are expanded in turn, and relative names are taken from the working directory.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

// The words of one response file under GNU rules: whitespace separates, single and double
// quotes group, a backslash takes the next character literally (inside quotes too).
std::vector<std::string> split_response_file(std::string_view text);

enum class Expansion { kDone, kMissingFile, kCycle, kTooDeep };

// Reads a file's contents, or nullopt when it cannot be read.
using FileReader = std::function<std::optional<std::string>(const std::string& absolute_path)>;

// Replaces every `@file` in `args` by its words. On kMissingFile, kCycle or kTooDeep `out` is
// unusable and the caller runs the compiler on the original arguments, which reports it.
Expansion expand_response_files(const std::vector<std::string>& args, const std::string& cwd, const FileReader& read,
                                std::vector<std::string>& out);

}  // namespace zc::compiler
