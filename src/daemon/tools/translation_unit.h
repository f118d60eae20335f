#pragma once
// A translation unit: what a C or C++ compile, and an analysis tool that scans one like a
// compile, knows beyond its job. The compile plan owns one; the miss paths that compile or
// trace a unit take it beside the job.

#include <string>
#include <vector>

#include "compiler/invocation.h"

namespace zc::daemon {

struct TranslationUnit {
    compiler::Invocation invocation;
    std::string source_path;               // absolute
    std::vector<std::string> search_dirs;  // absolute, the source's directory first
    bool source_date_epoch = false;        // gcc pins __DATE__ and __TIME__ to it
};

}  // namespace zc::daemon
