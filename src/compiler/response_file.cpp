#include "compiler/response_file.h"

#include "common/paths.h"

namespace zc::compiler {

namespace {

// gcc gives up at this many nested files; a cycle is found long before.
constexpr int kMaxDepth = 64;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Expansion expand(const std::vector<std::string>& args, const std::string& cwd, const FileReader& read,
                 std::vector<std::string>& chain, std::vector<std::string>& out) {
    for (const std::string& arg : args) {
        if (arg.size() < 2 || arg[0] != '@') {
            out.push_back(arg);
            continue;
        }
        if (chain.size() >= kMaxDepth) return Expansion::kTooDeep;
        std::string path = common::absolute_from(cwd, std::string_view(arg).substr(1));
        for (const std::string& open : chain) {
            if (open == path) return Expansion::kCycle;
        }
        std::optional<std::string> text = read(path);
        if (!text) return Expansion::kMissingFile;
        chain.push_back(path);
        Expansion nested = expand(split_response_file(*text), cwd, read, chain, out);
        chain.pop_back();
        if (nested != Expansion::kDone) return nested;
    }
    return Expansion::kDone;
}

}  // namespace

std::vector<std::string> split_response_file(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            word.push_back(text[++i]);
            in_word = true;
        } else if (quote) {
            if (c == quote) {
                quote = 0;
            } else {
                word.push_back(c);
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;  // "" is an empty argument
        } else if (is_space(c)) {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            word.push_back(c);
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

Expansion expand_response_files(const std::vector<std::string>& args, const std::string& cwd, const FileReader& read,
                                std::vector<std::string>& out) {
    out.clear();
    std::vector<std::string> chain;
    return expand(args, cwd, read, chain, out);
}

}  // namespace zc::compiler
