#include "compiler/linker_search.h"

#include "common/paths.h"

namespace zc::compiler {

namespace {

// One `-###` line: words in double quotes, `\"` and `\\` escaped; clang leaves some words bare.
std::vector<std::string> split_trace_line(std::string_view line) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        if (i >= line.size()) break;
        std::string word;
        if (line[i] == '"') {
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                word += line[i];
            }
            ++i;
        } else {
            while (i < line.size() && line[i] != ' ') word += line[i++];
        }
        words.push_back(std::move(word));
    }
    return words;
}

constexpr int kMaxResponseDepth = 10;

bool read_words(const std::vector<std::string>& args, const std::string& cwd, const FileReader& read, int depth,
                LibrarySearch& out) {
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        auto value = [&](std::string_view joined, size_t prefix) -> std::optional<std::string> {
            if (joined.size() > prefix) return std::string(joined.substr(prefix));
            if (i + 1 < args.size()) return args[++i];
            return std::nullopt;
        };
        if (arg.starts_with("@") && arg.size() > 1) {
            std::string path = common::absolute_from(cwd, arg.substr(1));
            std::optional<std::string> text = read(path);
            if (!text || depth >= kMaxResponseDepth) return false;
            out.response_files.push_back(path);
            if (!read_words(split_response_file(*text), cwd, read, depth + 1, out)) return false;
        } else if (arg.starts_with("--library-path=") || arg.starts_with("-library-path=")) {
            out.dirs.push_back(common::absolute_from(cwd, arg.substr(arg.find('=') + 1)));
        } else if (arg == "--library-path" || arg == "-library-path") {
            if (auto dir = value(arg, arg.size())) out.dirs.push_back(common::absolute_from(cwd, *dir));
        } else if (arg.starts_with("--library=") || arg.starts_with("-library=")) {
            out.libs.emplace_back(arg.substr(arg.find('=') + 1));
        } else if (arg == "--library" || arg == "-library") {
            if (auto lib = value(arg, arg.size())) out.libs.push_back(*lib);
        } else if (arg.starts_with("--sysroot=")) {
            out.sysroot = std::string(arg.substr(10));
        } else if (arg.starts_with("-L")) {
            if (auto dir = value(arg, 2)) out.dirs.push_back(common::absolute_from(cwd, *dir));
        } else if (arg.starts_with("-l")) {
            if (auto lib = value(arg, 2)) out.libs.push_back(*lib);
        }
    }
    return true;
}

}  // namespace

std::optional<std::vector<std::string>> last_driver_command(std::string_view trace) {
    std::optional<std::vector<std::string>> last;
    size_t start = 0;
    while (start < trace.size()) {
        size_t end = trace.find('\n', start);
        if (end == std::string_view::npos) end = trace.size();
        std::string_view line = trace.substr(start, end - start);
        if (line.starts_with(" \"") || line.starts_with(" /")) last = split_trace_line(line);
        start = end + 1;
    }
    return last;
}

bool read_library_search(const std::vector<std::string>& linker_args, const std::string& cwd, const FileReader& read,
                         LibrarySearch& out) {
    return read_words(linker_args, cwd, read, 0, out);
}

std::vector<std::string> linker_builtin_dirs(std::string_view verbose, const std::string& sysroot) {
    std::vector<std::string> dirs;
    constexpr std::string_view kOpen = "SEARCH_DIR(\"";
    for (size_t at = verbose.find(kOpen); at != std::string_view::npos; at = verbose.find(kOpen, at + 1)) {
        size_t start = at + kOpen.size();
        size_t end = verbose.find('"', start);
        if (end == std::string_view::npos) break;
        std::string_view dir = verbose.substr(start, end - start);
        if (dir.starts_with("=")) {
            dir.remove_prefix(1);
            std::string root = sysroot.empty() || sysroot == "/" ? "" : sysroot;
            dirs.push_back(root + std::string(dir));
        } else {
            dirs.emplace_back(dir);
        }
    }
    return dirs;
}

}  // namespace zc::compiler
