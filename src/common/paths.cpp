#include "common/paths.h"

#include <unistd.h>

#include <algorithm>

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

namespace {
// No empty, "." or ".." component and no trailing slash: already what lexically_normal gives.
bool plainly_normal(std::string_view path) {
    if (path.empty() || path == "/") return true;
    if (path.back() == '/' || path.find("//") != std::string_view::npos) return false;
    std::string_view rest = path.starts_with('/') ? path.substr(1) : path;
    for (size_t at = 0; at <= rest.size();) {
        size_t end = std::min(rest.find('/', at), rest.size());
        std::string_view part = rest.substr(at, end - at);
        if (part == "." || part == "..") return false;
        at = end + 1;
    }
    return true;
}
}  // namespace

bool is_lexically_normal(std::string_view path) {
    return !path.empty() && plainly_normal(path);
}

std::string lexically_normal(std::string_view path) {
    if (plainly_normal(path)) return std::string(path);
    bool absolute = path.starts_with('/');
    std::vector<std::string_view> parts;
    for (size_t at = 0; at <= path.size();) {
        size_t end = std::min(path.find('/', at), path.size());
        std::string_view part = path.substr(at, end - at);
        at = end + 1;
        if (part.empty() || part == ".") continue;
        if (part != "..") {
            parts.push_back(part);
        } else if (!parts.empty() && parts.back() != "..") {
            parts.pop_back();
        } else if (!absolute) {
            parts.push_back(part);  // above where it starts: kept; the root's parent is the root
        }
    }
    std::string out = absolute ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += '/';
        out += parts[i];
    }
    return out.empty() ? "." : out;
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
