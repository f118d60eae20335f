#include "meta/quoted_includes.h"

#include <algorithm>
#include <cctype>

namespace zc::meta {

namespace {

// Past blanks and /* */ comments on the same line; a backslash-newline is not skipped (the
// caller treats what follows as unreadable).
size_t skip_space(std::string_view s, size_t i) {
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\v' || s[i] == '\r') {
            ++i;
        } else if (s.substr(i, 2) == "/*") {
            size_t end = s.find("*/", i + 2);
            if (end == std::string_view::npos) return s.size();
            i = end + 2;
        } else {
            break;
        }
    }
    return i;
}

void read_directive(std::string_view s, size_t i, QuotedIncludes& out) {
    i = skip_space(s, i);
    size_t start = i;
    while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    std::string_view word = s.substr(start, i - start);
    if (i < s.size() && s[i] == '\\' &&
        (std::string_view("include").starts_with(word) || std::string_view("import").starts_with(word))) {
        out.computed = true;  // a directive name split over lines
        return;
    }
    // #include_next searches after the directory its file was found in, never the includer's.
    if (word != "include" && word != "import") return;
    i = skip_space(s, i);
    if (i >= s.size()) return;
    if (s[i] == '<') return;  // an angle include does not look beside its includer
    if (s[i] != '"') {
        // A macro's name; anything else is no directive ("#include's" in a comment).
        if (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '\\') out.computed = true;
        return;
    }
    size_t end = s.find_first_of("\"\n", i + 1);
    if (end == std::string_view::npos || s[end] != '"' || end == i + 1) {
        out.computed = true;
        return;
    }
    std::string name(s.substr(i + 1, end - i - 1));
    if (std::find(out.names.begin(), out.names.end(), name) == out.names.end()) out.names.push_back(std::move(name));
}

// A directive at `i`: '#', its digraph "%:" or trigraph "??=" first on the line, blanks and
// comments aside.
void read_line(std::string_view text, size_t i, QuotedIncludes& out) {
    i = skip_space(text, i);
    if (text.substr(i, 1) == "#") {
        read_directive(text, i + 1, out);
    } else if (text.substr(i, 2) == "%:") {
        read_directive(text, i + 2, out);
    } else if (text.substr(i, 3) == "?\?=") {
        read_directive(text, i + 3, out);
    }
}

}  // namespace

QuotedIncludes scan_quoted_includes(std::string_view text) {
    QuotedIncludes out;
    for (size_t line = 0; line < text.size();) {
        size_t end = text.find('\n', line);
        if (end == std::string_view::npos) end = text.size();
        read_line(text, line, out);
        // A comment begun on an earlier line may end just before the directive.
        size_t closed = text.substr(line, end - line).rfind("*/");
        if (closed != std::string_view::npos) read_line(text, line + closed + 2, out);
        line = end + 1;
    }
    return out;
}

}  // namespace zc::meta
