#include "compiler/depfile.h"

#include <deque>
#include <unordered_set>

namespace zc::compiler {

namespace {
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
}  // namespace

void visit_dep_file(std::string_view text, const std::function<bool(std::string_view)>& visit) {
    std::unordered_set<std::string_view> seen;
    std::deque<std::string> unescaped;           // words that differ from the text, kept while `seen` names them
    std::string word;                            // the word being read, when it needs unescaping
    size_t word_start = std::string_view::npos;  // else where it starts in `text`
    bool escaped = false;
    bool in_targets = true;  // each line starts with targets until its ':'
    bool stopped = false;

    auto finish_word = [&](size_t end) {
        std::string_view found;
        if (escaped) {
            found = word;
        } else if (word_start != std::string_view::npos) {
            found = text.substr(word_start, end - word_start);
        }
        if (!found.empty() && !in_targets && !stopped && !seen.contains(found)) {
            if (escaped) found = unescaped.emplace_back(word);
            seen.insert(found);
            stopped = !visit(found);
        }
        word.clear();
        word_start = std::string_view::npos;
        escaped = false;
    };
    // From here on the word differs from the text: copy what it has so far.
    auto start_copy = [&](size_t at) {
        if (!escaped && word_start != std::string_view::npos) word.assign(text.substr(word_start, at - word_start));
        escaped = true;
    };
    auto add_char = [&](size_t at, char c) {
        if (escaped) {
            word += c;
        } else if (word_start == std::string_view::npos) {
            word_start = at;
        }
    };

    for (size_t i = 0; i < text.size() && !stopped; ++i) {
        char c = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (c == '\\' && next == '\n') {  // continuation
            finish_word(i);
            ++i;
        } else if (c == '\\' && next == '\r' && i + 2 < text.size() && text[i + 2] == '\n') {
            finish_word(i);
            i += 2;
        } else if (c == '\\' && (next == ' ' || next == '#' || next == '\\' || next == ':')) {
            start_copy(i);
            word += next;
            ++i;
        } else if (c == '$' && next == '$') {
            start_copy(i);
            word += '$';
            ++i;
        } else if (c == ':' && in_targets && (is_blank(next) || next == '\n' || next == '\0')) {
            word.clear();
            word_start = std::string_view::npos;
            escaped = false;
            in_targets = false;
        } else if (c == '\n') {
            finish_word(i);
            in_targets = true;
        } else if (is_blank(c)) {
            finish_word(i);
        } else {
            add_char(i, c);
        }
    }
    finish_word(text.size());
}

std::vector<std::string> parse_dep_file(std::string_view text) {
    std::vector<std::string> deps;
    visit_dep_file(text, [&](std::string_view dep) {
        deps.emplace_back(dep);
        return true;
    });
    return deps;
}

}  // namespace zc::compiler
