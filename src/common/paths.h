#pragma once
// Path string helpers. Lexical only: nothing here touches the filesystem.

#include <string>
#include <string_view>
#include <vector>

namespace zc::common {

std::string_view base_name(std::string_view path);
std::string_view dir_name(std::string_view path);  // "." when there is no slash
// `path` if absolute, else cwd + "/" + path (without "./" noise).
std::string absolute_from(std::string_view cwd, std::string_view path);
// `path` made absolute from this process's working directory.
std::string absolute_from_here(std::string_view path);
// Each of `paths` made absolute from `cwd`, in order.
std::vector<std::string> absolute_all_from(std::string_view cwd, const std::vector<std::string>& paths);
// "." and empty components dropped, "x/.." folded, no trailing slash: what
// std::filesystem's lexically_normal gives (less a trailing slash), without its allocations.
std::string lexically_normal(std::string_view path);
// Whether lexically_normal(path) is `path` itself: then it needs no copy.
bool is_lexically_normal(std::string_view path);
// Replaces the extension of the last component ("a/b.c" -> "a/b.o"); appends if none.
std::string replace_extension(std::string_view path, std::string_view new_ext);
std::string_view extension(std::string_view path);  // with the dot, or empty

}  // namespace zc::common
