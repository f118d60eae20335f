#include "common/paths.h"

#include <unistd.h>

namespace zc::common {

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dir_name(std::string_view path) {
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string absolute_from(std::string_view cwd, std::string_view path) {
    if (!path.empty() && path[0] == '/') return std::string(path);
    while (path.starts_with("./")) path.remove_prefix(2);
    std::string out(cwd);
    if (path.empty() || path == ".") return out;
    if (out.empty() || out.back() != '/') out += '/';
    out += path;
    return out;
}

std::string absolute_from_here(std::string_view path) {
    char cwd[4096];
    return absolute_from(::getcwd(cwd, sizeof cwd) ? cwd : ".", path);
}

std::vector<std::string> absolute_all_from(std::string_view cwd, const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    out.reserve(paths.size());
    for (const std::string& path : paths) out.push_back(absolute_from(cwd, path));
    return out;
}

std::string_view extension(std::string_view path) {
    std::string_view base = base_name(path);
    size_t dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return base.substr(dot);
}

std::string replace_extension(std::string_view path, std::string_view new_ext) {
    std::string_view ext = extension(path);
    std::string out(path.substr(0, path.size() - ext.size()));
    out += new_ext;
    return out;
}

}  // namespace zc::common
