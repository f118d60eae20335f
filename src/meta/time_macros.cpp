#include "meta/time_macros.h"

#include <array>
#include <cctype>
#include <string>

namespace zc::meta {

namespace {

constexpr std::array<std::string_view, 3> kMacros = {"__DATE__", "__TIME__", "__TIMESTAMP__"};

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool mentions_any(std::string_view text) {
    for (std::string_view m : kMacros) {
        if (text.find(m) != std::string_view::npos) return true;
    }
    return false;
}

// Index just past a quoted literal starting at `i` (at the opening quote).
size_t skip_quoted(std::string_view s, size_t i) {
    char quote = s[i++];
    while (i < s.size() && s[i] != quote && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
    return i + 1;
}

// Index just past a raw string R"delim( ... )delim" starting at `i` (at the quote).
size_t skip_raw(std::string_view s, size_t i) {
    size_t open = s.find('(', i);
    if (open == std::string_view::npos) return s.size();
    std::string closing(1, ')');
    closing.append(s.substr(i + 1, open - i - 1));
    closing.push_back('"');
    size_t end = s.find(closing, open);
    return end == std::string_view::npos ? s.size() : end + closing.size();
}

bool is_raw_prefix(std::string_view word) {
    return word == "R" || word == "LR" || word == "uR" || word == "UR" || word == "u8R";
}

}  // namespace

bool uses_time_macro(std::string_view s) {
    if (!mentions_any(s)) return false;  // the common case: a few fast searches
    bool after_number = false;           // a quote right after a number is a digit separator (1'000)
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
            while (i < s.size() && s[i] != '\n') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            size_t end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else if (c == '\'' && after_number) {
            ++i;
            continue;  // still inside the number
        } else if (c == '"' || c == '\'') {
            i = skip_quoted(s, i);
        } else if (is_identifier_char(c)) {
            size_t end = i;
            while (end < s.size() && is_identifier_char(s[end])) ++end;
            std::string_view word = s.substr(i, end - i);
            for (std::string_view m : kMacros) {
                if (word == m) return true;
            }
            if (end < s.size() && s[end] == '"' && is_raw_prefix(word)) {
                i = skip_raw(s, end);
            } else {
                after_number = std::isdigit(static_cast<unsigned char>(c));
                i = end;
                continue;
            }
        } else {
            ++i;
        }
        after_number = false;
    }
    return false;
}

}  // namespace zc::meta
