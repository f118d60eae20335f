#pragma once
// rustfmt's command line, and what its verbose output says: which files it formatted (the
// given ones and every out-of-line module they declare) and, with `--emit stdout`, their
// formatted text.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reasons/reason.h"

namespace zc::rust {

struct RustfmtCommand {
    std::vector<std::string> args;          // argv[1..]
    std::vector<std::string> files;         // as written
    bool check = false;                     // --check: report, do not write
    bool emit_stdout = false;               // --emit stdout: print, do not write
    bool verbose = false;                   // -v: the user wants the "Formatting ..." lines
    std::vector<std::string> config_paths;  // --config-path
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
    bool writes_files() const { return !check && !emit_stdout; }
};

RustfmtCommand parse_rustfmt(const std::vector<std::string>& args);

// `rustfmt -v --emit stdout` output: each file's path and formatted text. Empty if it does not
// have that shape.
std::vector<std::pair<std::string, std::string>> split_emitted_files(std::string_view out);

}  // namespace zc::rust
