#pragma once
// Static libraries: `ar qc lib.a a.o b.o` (also `rcs`, `-crs`, llvm-ar) building a new archive, and
// `ranlib lib.a` indexing one. Only operations whose result is a function of the named files are
// cached: no thin archives, no member positioning, no timestamps, nothing read from a previous
// archive (the handler passes through when the archive already exists before `ar` runs).

#include <string>
#include <vector>

#include "reasons/reason.h"

namespace zc::compiler {

struct ArchiveInvocation {
    std::vector<std::string> args;     // without the tool (argv[1..])
    std::vector<bool> keyed;           // per arg: false for the archive path
    std::string archive;               // as written
    std::vector<std::string> members;  // files put into the archive, in order (ar only)
    bool deterministic_asked = false;  // `D` given: no timestamps whatever the tool's default
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;  // kNone when cacheable

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
};

ArchiveInvocation parse_ar(const std::vector<std::string>& args);
ArchiveInvocation parse_ranlib(const std::vector<std::string>& args);

// Whether a tool's `--help` says it writes zero timestamps and ids unless told otherwise
// (binutils and LLVM both print "(default)" on their `D` line; a distribution may differ).
bool deterministic_by_default(const std::string& help_text);

}  // namespace zc::compiler
