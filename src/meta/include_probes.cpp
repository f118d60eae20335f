#include "meta/include_probes.h"

#include <cctype>

namespace zc::meta {

namespace {

constexpr std::string_view kProbe = "__has_include";

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_macro_char(char c) {
    return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
}

size_t skip_blanks(std::string_view s, size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
}

// `<name>` or `"name"` at `i`: the probe and the index past it, or false.
bool read_header_name(std::string_view s, size_t& i, IncludeProbe& out) {
    if (i >= s.size() || (s[i] != '<' && s[i] != '"')) return false;
    char close = s[i] == '<' ? '>' : '"';
    size_t end = s.find(close, i + 1);
    if (end == std::string_view::npos) return false;
    std::string_view name = s.substr(i + 1, end - i - 1);
    if (name.empty() || name.size() > 255 || name.find_first_of(" \t\n\\%") != std::string_view::npos) return false;
    out = {std::string(name), close == '>'};
    i = end + 1;
    return true;
}

// The logical line (backslash continuations joined) that holds `at`: its start index.
size_t logical_line_start(std::string_view s, size_t at) {
    size_t start = s.rfind('\n', at);
    while (start != std::string_view::npos && start > 0) {
        size_t before = start - 1;
        if (s[before] == '\r' && before > 0) --before;
        if (s[before] != '\\') break;
        start = s.rfind('\n', before);
    }
    return start == std::string_view::npos ? 0 : start + 1;
}

// `#define NAME(PARAM)` at the start of the line holding a probe of `param`: NAME, or empty.
std::string wrapper_defined_at(std::string_view s, size_t line, std::string_view param) {
    size_t i = skip_blanks(s, line);
    if (i >= s.size() || s[i] != '#') return {};
    i = skip_blanks(s, i + 1);
    if (s.substr(i, 6) != "define") return {};
    i = skip_blanks(s, i + 6);
    size_t name_start = i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    std::string_view name = s.substr(name_start, i - name_start);
    if (name.empty() || i >= s.size() || s[i] != '(') return {};
    i = skip_blanks(s, i + 1);
    size_t param_start = i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    if (s.substr(param_start, i - param_start) != param || s[skip_blanks(s, i)] != ')') return {};
    for (char c : name) {
        if (!is_macro_char(c)) return {};  // we find calls of UPPER_CASE macros only
    }
    return std::string(name);
}

void scan_probes(std::string_view s, IncludeProbes& out) {
    for (size_t at = s.find(kProbe); at != std::string_view::npos; at = s.find(kProbe, at + kProbe.size())) {
        if (at > 0 && is_ident_char(s[at - 1])) continue;
        size_t i = at + kProbe.size();
        if (s.substr(i, 5) == "_next") i += 5;
        if (i < s.size() && is_ident_char(s[i])) continue;  // a longer identifier
        i = skip_blanks(s, i);
        if (i >= s.size() || s[i] != '(') continue;  // `#ifdef __has_include`, prose
        i = skip_blanks(s, i + 1);
        if (i < s.size() && s[i] == ')') continue;  // `__has_include()`: prose, not code
        IncludeProbe probe;
        if (read_header_name(s, i, probe)) {
            out.literal.push_back(std::move(probe));
            continue;
        }
        size_t param_start = i;
        while (i < s.size() && is_ident_char(s[i])) ++i;
        std::string wrapper =
            i > param_start && s[skip_blanks(s, i)] == ')'
                ? wrapper_defined_at(s, logical_line_start(s, at), s.substr(param_start, i - param_start))
                : std::string();
        if (wrapper.empty()) {
            out.unresolved = true;
        } else {
            out.wrappers.push_back(std::move(wrapper));
        }
    }
}

void scan_calls(std::string_view s, IncludeProbes& out) {
    for (size_t open = s.find('('); open != std::string_view::npos; open = s.find('(', open + 1)) {
        size_t i = skip_blanks(s, open + 1);
        if (i >= s.size() || (s[i] != '<' && s[i] != '"')) continue;
        size_t end = open;
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
        size_t start = end;
        while (start > 0 && is_macro_char(s[start - 1])) --start;
        if (start == end || (start > 0 && is_ident_char(s[start - 1]))) continue;
        IncludeProbe probe;
        if (!read_header_name(s, i, probe) || s[skip_blanks(s, i)] != ')') continue;
        out.calls.emplace_back(std::string(s.substr(start, end - start)), std::move(probe));
    }
}

}  // namespace

IncludeProbes scan_include_probes(std::string_view text) {
    IncludeProbes out;
    if (text.find(kProbe) != std::string_view::npos) scan_probes(text, out);
    scan_calls(text, out);
    return out;
}

}  // namespace zc::meta
