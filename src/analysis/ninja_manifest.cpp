#include "analysis/ninja_manifest.h"

#include <cctype>

#include "common/fs.h"

namespace zc::analysis {

namespace {

constexpr int kMaxIncludeDepth = 16;  // ninja itself fails on a cycle; this stops one here

// The next logical line from `at`: a line ending in an odd number of `$` goes on in the next,
// whose indentation is dropped (ninja's `$` + newline). Without its newline and CR.
std::string next_line(std::string_view text, size_t& at) {
    std::string line;
    bool first = true;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view piece = text.substr(at, end - at);
        at = end + 1;
        if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
        if (!first) piece.remove_prefix(std::min(piece.find_first_not_of(' '), piece.size()));
        size_t dollars = 0;
        while (dollars < piece.size() && piece[piece.size() - 1 - dollars] == '$') ++dollars;
        bool comment = first && piece.find_first_not_of(' ') != std::string_view::npos &&
                       piece[piece.find_first_not_of(' ')] == '#';
        first = false;
        if (dollars % 2 == 1 && !comment) {
            line.append(piece.substr(0, piece.size() - 1));
            continue;
        }
        line.append(piece);
        break;
    }
    return line;
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

// `name = value`: false when the line is not a binding.
bool split_binding(std::string_view line, std::string& name, std::string& value) {
    size_t end = 0;
    while (end < line.size() && is_name_char(line[end])) ++end;
    if (end == 0) return false;
    size_t eq = line.find_first_not_of(' ', end);
    if (eq == std::string_view::npos || line[eq] != '=') return false;
    name = std::string(line.substr(0, end));
    size_t start = line.find_first_not_of(' ', eq + 1);
    value = start == std::string_view::npos ? std::string() : std::string(line.substr(start));
    return true;
}

// Whether every `$` of a value is an escape ninja takes: `$$`, `$ `, `$:`, `$name`, `${name}`.
bool valid_escapes(std::string_view value) {
    for (size_t i = value.find('$'); i != std::string_view::npos; i = value.find('$', i)) {
        if (++i == value.size()) return false;
        char e = value[i];
        if (e == '{') {
            size_t close = value.find('}', i);
            if (close == std::string_view::npos || close == i + 1) return false;
            i = close + 1;
        } else if (e == '$' || e == ' ' || e == ':' || (is_name_char(e) && e != '.')) {
            ++i;
        } else {
            return false;
        }
    }
    return true;
}

// The bindings a rule may have: ninja refuses a manifest with any other.
bool rule_binding(std::string_view name) {
    for (std::string_view known : {"command", "depfile", "deps", "description", "dyndep", "generator",
                                   "msvc_deps_prefix", "pool", "restat", "rspfile", "rspfile_content"}) {
        if (name == known) return true;
    }
    return false;
}

// One word of a `build` line: a path, or one of the separators between its lists.
struct Word {
    enum Kind { kPath, kColon, kPipe, kPipePipe, kPipeAt } kind = kPath;
    std::string text;
    bool literal = true;
};

// The words of `line`, paths unescaped; false on an escape ninja would reject.
bool split_words(std::string_view line, std::vector<Word>& words) {
    Word word;
    bool open = false;
    auto finish = [&] {
        if (open) words.push_back(std::move(word));
        word = Word{};
        open = false;
    };
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == ' ') {
            finish();
        } else if (c == ':' || c == '|') {
            finish();
            Word separator;
            separator.kind = Word::kColon;
            if (c == '|') {
                separator.kind = Word::kPipe;
                if (i + 1 < line.size() && line[i + 1] == '|') separator.kind = Word::kPipePipe;
                if (i + 1 < line.size() && line[i + 1] == '@') separator.kind = Word::kPipeAt;
                if (separator.kind != Word::kPipe) ++i;
            }
            words.push_back(std::move(separator));
        } else if (c == '$') {
            if (++i == line.size()) return false;
            char e = line[i];
            open = true;
            if (e == ' ' || e == ':' || e == '$') {
                word.text += e;
            } else if (e == '{') {
                size_t close = line.find('}', i);
                if (close == std::string_view::npos) return false;
                word.text.append(line.substr(i - 1, close - i + 2));
                word.literal = false;
                i = close;
            } else if (is_name_char(e) && e != '.') {
                size_t end = i;
                while (end < line.size() && is_name_char(line[end]) && line[end] != '.') ++end;
                word.text.append(line.substr(i - 1, end - i + 1));
                word.literal = false;
                i = end - 1;
            } else {
                return false;
            }
        } else {
            word.text += c;
            open = true;
        }
    }
    finish();
    return true;
}

}  // namespace

std::optional<NinjaManifest> NinjaManifest::parse(std::string_view text, const std::string& build_dir) {
    NinjaManifest manifest;
    if (!manifest.read(text, build_dir, 0)) return std::nullopt;
    return manifest;
}

const NinjaManifest::Bindings* NinjaManifest::rule(const std::string& name) const {
    auto it = rules_.find(name);
    return it == rules_.end() ? nullptr : &it->second;
}

std::optional<std::string_view> NinjaManifest::lookup(const Edge& edge, const std::string& name) const {
    if (auto it = edge.bindings.find(name); it != edge.bindings.end()) return it->second;
    if (const Bindings* bindings = rule(edge.rule)) {
        if (auto it = bindings->find(name); it != bindings->end()) return it->second;
    }
    if (auto it = globals_.find(name); it != globals_.end()) return it->second;
    return std::nullopt;
}

bool NinjaManifest::read_edge(std::string_view rest) {
    std::vector<Word> words;
    if (!split_words(rest, words)) return false;
    Edge edge;
    std::vector<std::string>* list = &edge.outputs;
    size_t i = 0;
    for (; i < words.size(); ++i) {
        const Word& word = words[i];
        if (word.kind == Word::kColon) break;
        if (word.kind == Word::kPipe && list == &edge.outputs) {
            list = &edge.implicit_outputs;
        } else if (word.kind != Word::kPath) {
            return false;
        } else {
            edge.literal_paths = edge.literal_paths && word.literal;
            list->push_back(word.text);
        }
    }
    // The rule's name follows the colon.
    if (i + 1 >= words.size() || words[i + 1].kind != Word::kPath || !words[i + 1].literal) return false;
    edge.rule = words[i + 1].text;
    if (edge.rule != "phony" && !rules_.contains(edge.rule)) return false;  // ninja wants it defined first
    list = &edge.inputs;
    for (i += 2; i < words.size(); ++i) {
        const Word& word = words[i];
        switch (word.kind) {
            case Word::kPath:
                edge.literal_paths = edge.literal_paths && word.literal;
                if (list) list->push_back(word.text);
                break;
            case Word::kPipe:
                if (list != &edge.inputs) return false;
                list = &edge.implicit_inputs;
                break;
            case Word::kPipePipe:
                list = &edge.order_only;
                break;
            case Word::kPipeAt:
                list = nullptr;  // validations: built alongside, never read by this edge
                break;
            case Word::kColon:
                return false;
        }
    }
    if (edge.outputs.empty()) return false;
    edges_.push_back(std::move(edge));
    return true;
}

bool NinjaManifest::read(std::string_view text, const std::string& build_dir, int depth) {
    Bindings* block = nullptr;  // where indented bindings go: the last rule's or edge's
    bool rule_block = false;    // `block` is a rule's: only ninja's own names
    Bindings ignored;           // a pool's
    for (size_t at = 0; at < text.size();) {
        std::string line = next_line(text, at);
        size_t indent = line.find_first_not_of(' ');
        // A blank or comment line ends a block of bindings (an indented line after it is one
        // ninja refuses; here it makes the reader give up).
        if (indent == std::string::npos || line[indent] == '#') {
            block = nullptr;
            continue;
        }
        if (line[indent] == '\t') return false;
        std::string_view body = std::string_view(line).substr(indent);
        std::string name, value;
        if (indent > 0) {
            if (!block || !split_binding(body, name, value) || !valid_escapes(value)) return false;
            if (rule_block && !rule_binding(name)) return false;
            (*block)[name] = std::move(value);
            continue;
        }
        block = nullptr;
        rule_block = false;
        size_t space = body.find(' ');
        std::string_view keyword = body.substr(0, space);
        size_t rest_at = space == std::string_view::npos ? std::string_view::npos : body.find_first_not_of(' ', space);
        std::string_view rest = rest_at == std::string_view::npos ? std::string_view() : body.substr(rest_at);
        if (keyword == "build") {
            if (!read_edge(rest)) return false;
            block = &edges_.back().bindings;
        } else if (keyword == "rule") {
            std::string rule_name(rest);
            if (rule_name.empty() || rule_name == "phony" || rules_.contains(rule_name)) return false;
            block = &rules_[rule_name];
            rule_block = true;
        } else if (keyword == "pool") {
            ignored.clear();
            block = &ignored;
        } else if (keyword == "default" || keyword == "subninja") {
            if (rest.empty()) return false;
        } else if (keyword == "include") {
            if (rest.empty() || rest.find('$') != std::string_view::npos || depth >= kMaxIncludeDepth) return false;
            std::string path = rest.starts_with('/') ? std::string(rest) : build_dir + "/" + std::string(rest);
            std::optional<std::string> included = common::read_regular_file(path);
            if (!included || !read(*included, build_dir, depth + 1)) return false;
        } else if (split_binding(body, name, value) && valid_escapes(value)) {
            globals_[name] = std::move(value);
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace zc::analysis
