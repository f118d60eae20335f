#include "rust/rustfmt_command.h"

#include <algorithm>
#include <array>

#include "reasons/reason.h"

namespace zc::rust {

using reasons::Reason;

namespace {

constexpr std::array<std::string_view, 8> kRustfmtValueOptions = {
    "--edition", "--config-path", "--config", "--emit", "--color", "--style-edition", "--file-lines", "--print-config",
};
constexpr std::string_view kFormatting = "Formatting ";
constexpr std::string_view kTiming = "Spent ";
constexpr std::string_view kConfigNote = "Using rustfmt config file ";

}  // namespace

RustfmtCommand parse_rustfmt(const std::vector<std::string>& args) {
    RustfmtCommand cmd;
    cmd.args = args;
    auto refuse = [&](Reason reason) {
        if (cmd.uncacheable_reason == Reason::kNone) cmd.uncacheable_reason = reason;
    };
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (!arg.starts_with("-")) {
            cmd.files.emplace_back(arg);
            continue;
        }
        std::string_view name = arg, value;
        if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else if (std::find(kRustfmtValueOptions.begin(), kRustfmtValueOptions.end(), arg) !=
                   kRustfmtValueOptions.end()) {
            if (i + 1 >= args.size()) {
                refuse(Reason::kMissingOptionArgument);
                break;
            }
            value = args[++i];
        }
        if (name == "--check") {
            cmd.check = true;
        } else if (name == "-v" || name == "--verbose") {
            cmd.verbose = true;
        } else if (name == "--emit") {
            if (value == "stdout") {
                cmd.emit_stdout = true;
            } else if (value != "files") {
                refuse(Reason::kUnknownEmit);
            }
        } else if (name == "--config-path") {
            cmd.config_paths.emplace_back(value);
        } else if (name == "--print-config" || name == "-h" || name == "--help" || name == "-V" ||
                   name == "--version") {
            refuse(Reason::kNotAFormatRun);
        } else if (name == "--backup") {
            refuse(Reason::kExtraOutputFiles);
        }
    }
    if (cmd.files.empty()) refuse(Reason::kStdinInput);
    return cmd;
}

std::vector<std::pair<std::string, std::string>> split_emitted_files(std::string_view out) {
    // Each file: "Formatting <path>\n<path>:\n\n<text>", up to the next such header or the
    // closing timing line.
    std::vector<std::pair<std::string, std::string>> files;
    auto header_at = [&](size_t at, std::string& path, size_t& text_start) {
        if (out.substr(at, kFormatting.size()) != kFormatting) return false;
        size_t eol = out.find('\n', at);
        if (eol == std::string_view::npos) return false;
        path = out.substr(at + kFormatting.size(), eol - at - kFormatting.size());
        std::string expect = path + ":\n\n";
        if (out.substr(eol + 1, expect.size()) != expect) return false;
        text_start = eol + 1 + expect.size();
        return true;
    };
    // Lines between one file's text and the next header: a timing line after each input file
    // (with its modules) and "Using rustfmt config file X for Y" before the next input file.
    auto is_note = [](std::string_view line) {
        return line.starts_with(kConfigNote) || (line.starts_with(kTiming) && line.ends_with(" phase"));
    };
    auto line_at = [&](size_t at) {
        size_t eol = out.find('\n', at);
        return out.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
    };
    auto after_line = [&](size_t at) {
        size_t eol = out.find('\n', at);
        return eol == std::string_view::npos ? out.size() : eol + 1;
    };
    // Skips notes from `at`; true if what follows is a header (or the end of the output).
    auto notes_then_header = [&](size_t at, std::string& path, size_t& text) {
        while (at < out.size() && is_note(line_at(at))) at = after_line(at);
        if (at >= out.size()) {
            path.clear();
            return true;
        }
        return header_at(at, path, text);
    };

    std::string path;
    size_t text_start = 0;
    if (!notes_then_header(0, path, text_start) || path.empty()) return {};
    while (true) {
        size_t end = out.size();
        std::string next_path;
        size_t next_text = 0;
        for (size_t line = text_start; line < out.size(); line = after_line(line)) {
            bool boundary = header_at(line, next_path, next_text) ||
                            (is_note(line_at(line)) && notes_then_header(line, next_path, next_text));
            if (boundary) {
                end = line;
                break;
            }
            next_path.clear();
        }
        files.emplace_back(path, std::string(out.substr(text_start, end - text_start)));
        if (next_path.empty()) return files;
        path = std::move(next_path);
        text_start = next_text;
    }
}

}  // namespace zc::rust
