#include "compiler/trace_includes.h"

#include <string_view>
#include <unordered_set>

namespace zc::compiler {

namespace {
constexpr std::string_view kGuardList = "Multiple include guards may be useful for:";

// The depth and path of a ". path" / ".. path" line; depth 0 for any other line.
TracedInclude traced_line(std::string_view line) {
    size_t dots = line.find_first_not_of('.');
    if (dots == 0 || dots == std::string_view::npos || line[dots] != ' ' || dots + 1 == line.size()) return {};
    return {dots, std::string(line.substr(dots + 1))};
}
// The colour escapes (ESC [ … final byte) a line starts with: a coloured message's reset can
// land at the start of the next line, which -H may have written.
size_t escape_prefix(std::string_view line) {
    size_t at = 0;
    while (at + 1 < line.size() && line[at] == '\x1b' && line[at + 1] == '[') {
        size_t end = at + 2;
        while (end < line.size() && !(line[end] >= 0x40 && line[end] <= 0x7e)) ++end;
        if (end == line.size()) break;
        at = end + 1;
    }
    return at;
}
}  // namespace

std::vector<TracedInclude> take_trace_includes(std::string& stderr_text,
                                               const std::function<bool(const std::string&)>& is_file) {
    std::vector<TracedInclude> traced;
    std::unordered_set<std::string> named;
    std::string kept;
    kept.reserve(stderr_text.size());
    std::string_view rest = stderr_text;
    bool in_guard_list = false;
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view whole = rest.substr(0, end);
        std::string_view with_newline = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 1);
        rest.remove_prefix(with_newline.size());
        // A line taken out keeps its leading escapes: they belong to the message before it.
        std::string_view escapes = whole.substr(0, escape_prefix(whole));
        std::string_view line = whole.substr(escapes.size());
        if (in_guard_list && named.contains(std::string(line))) {
            kept.append(escapes);
            continue;
        }
        in_guard_list = false;
        if (line == kGuardList) {
            in_guard_list = true;
            kept.append(escapes);
            continue;
        }
        TracedInclude include = traced_line(line);
        if (include.depth > 0 && (include.path == "<built-in>" || include.path == "<command line>")) {
            kept.append(escapes);  // clang's pseudo-files, compiling its own .i under -save-temps
            continue;
        }
        if (include.depth > 0 && is_file(include.path)) {
            named.insert(include.path);
            traced.push_back(std::move(include));
            kept.append(escapes);
            continue;
        }
        kept.append(with_newline);
    }
    stderr_text = std::move(kept);
    return traced;
}

}  // namespace zc::compiler
