#include "compiler/strict_paths.h"

#include <array>
#include <cctype>

namespace zc::compiler {

namespace {

// Longer names first where one is a prefix of another.
constexpr std::array<std::string_view, 11> kPathFlags = {
    "-include-pch", "-iframework", "-idirafter", "-isystem", "-include", "-imacros",
    "-iquote",      "-imsvc",      "-I",         "-F",       "/I",
};

struct CheckedPath {
    std::string flag;  // as written, with its value
    std::string_view path;
};

std::vector<CheckedPath> checked_paths(const std::vector<std::string>& args, bool msvc_style) {
    std::vector<CheckedPath> out;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        for (std::string_view flag : kPathFlags) {
            if (!arg.starts_with(flag) || (flag == "/I" && !msvc_style)) continue;
            if (arg.size() > flag.size()) {
                out.push_back({std::string(arg), arg.substr(flag.size())});
            } else if (i + 1 < args.size()) {
                out.push_back({std::string(arg) + " " + args[i + 1], args[i + 1]});
                ++i;
            }
            break;
        }
    }
    return out;
}

bool has_dot_component(std::string_view path) {
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (part == "." || part == "..") return true;
        start = end + 1;
    }
    return false;
}

bool is_absolute(std::string_view path) {
    if (path.starts_with('/')) return true;
    // A Windows drive path written with forward slashes, for cross-compiling setups.
    return path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' && path[2] == '/';
}

}  // namespace

std::string strict_path_violation(const std::vector<std::string>& args, StrictPaths mode, bool msvc_style) {
    if (mode == StrictPaths::kOff) return {};
    const CheckedPath* first_forward = nullptr;
    const CheckedPath* first_backward = nullptr;
    std::vector<CheckedPath> paths = checked_paths(args, msvc_style);
    for (const CheckedPath& p : paths) {
        bool forward = p.path.find('/') != std::string_view::npos;
        bool backward = p.path.find('\\') != std::string_view::npos;
        if (forward && backward) return "'" + p.flag + "' mixes '/' and '\\' in one path";
        if (forward && !first_forward) first_forward = &p;
        if (backward && !first_backward) first_backward = &p;
        if (first_forward && first_backward) {
            return "'" + first_forward->flag + "' and '" + first_backward->flag + "' use different path separators";
        }
        if (mode != StrictPaths::kAbsolute) continue;
        if (backward) return "'" + p.flag + "' uses '\\' (absolute mode wants forward slashes)";
        if (!is_absolute(p.path)) return "'" + p.flag + "' is not an absolute path";
        if (has_dot_component(p.path)) return "'" + p.flag + "' contains a '.' or '..' component";
    }
    return {};
}

}  // namespace zc::compiler
