#include "compiler/trace_includes.h"

#include <string_view>
#include <unordered_set>

namespace zc::compiler {

namespace {
constexpr std::string_view kGuardList = "Multiple include guards may be useful for:";

// The path of a ". path" / ".. path" line, or empty.
std::string_view traced_path(std::string_view line) {
    size_t dots = line.find_first_not_of('.');
    if (dots == 0 || dots == std::string_view::npos || line[dots] != ' ') return {};
    return line.substr(dots + 1);
}
}  // namespace

std::vector<std::string> take_trace_includes(std::string& stderr_text,
                                             const std::function<bool(const std::string&)>& is_file) {
    std::vector<std::string> headers;
    std::unordered_set<std::string> named;
    std::string kept;
    kept.reserve(stderr_text.size());
    std::string_view rest = stderr_text;
    bool in_guard_list = false;
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        std::string_view with_newline = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 1);
        rest.remove_prefix(with_newline.size());
        if (in_guard_list && named.contains(std::string(line))) continue;
        in_guard_list = false;
        if (line == kGuardList) {
            in_guard_list = true;
            continue;
        }
        std::string path(traced_path(line));
        if (!path.empty() && is_file(path)) {
            if (named.insert(path).second) headers.push_back(path);
            continue;
        }
        kept.append(with_newline);
    }
    stderr_text = std::move(kept);
    return headers;
}

}  // namespace zc::compiler
