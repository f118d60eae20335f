#pragma once
// A rustc command line as cargo writes it: what crate it builds, what it emits where, which
// crates it links against, and whether the cache can take it.

#include <string>
#include <string_view>
#include <vector>

#include "reasons/reason.h"

namespace zc::rust {

struct ExternCrate {
    size_t arg_index = 0;  // the argument holding `name=path` (joined or after --extern)
    std::string name;      // with any `priv:`/`noprelude:` modifiers
    std::string path;      // as written; empty for a sysroot crate
};

struct RustInvocation {
    std::vector<std::string> args;  // argv[1..]
    std::string crate_name;
    std::vector<std::string> crate_types;
    std::vector<std::string> emit;  // dep-info, metadata, link
    std::string out_dir;            // as written
    std::string extra_filename;     // -C extra-filename
    std::string source;             // as written
    std::vector<ExternCrate> externs;
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;  // kNone when cacheable

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
    // The files rustc writes into the out dir, by name: lib<crate><extra>.rlib/.rmeta/.a and
    // <crate><extra>.d, as `--emit` and the crate types ask.
    std::vector<std::string> output_names() const;
    std::string dep_info_name() const;
};

RustInvocation parse_rustc(const std::vector<std::string>& args);

// rustc's `@file`: one argument per line (no quoting). False if a file cannot be read.
bool expand_rustc_argfiles(const std::vector<std::string>& args, const std::string& cwd, std::vector<std::string>& out);

}  // namespace zc::rust
