#pragma once
// A run of a static-analysis tool (clang-tidy, include-what-you-use) on one translation unit, as
// far as its command line says: what enters the key, which file it analyses, what it writes,
// and which further files decide its result.

#include <string>
#include <vector>

#include "reasons/reason.h"

namespace zc::analysis {

struct AnalysisCommand {
    std::vector<std::string> args;          // the tool's arguments (argv[1..]) as run
    std::vector<bool> keyed;                // per arg: false for the source and the fixes file path
    std::string source;                     // as written
    std::string fixes_file;                 // clang-tidy --export-fixes, as written; empty if none
    std::vector<std::string> config_files;  // --config-file, iwyu mapping files: keyed by content
    // The compile flags the tool hands to its clang front end, when the command line holds them
    // (clang-tidy after `--`, iwyu always); clang-tidy without `--` reads a compile database.
    bool has_compile_args = false;
    std::vector<std::string> compile_args;
    std::string build_path;           // clang-tidy -p: where the compile database search starts
    bool reads_format_style = false;  // clang-tidy --format-style=file: .clang-format counts
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;  // kNone when cacheable

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
};

}  // namespace zc::analysis
