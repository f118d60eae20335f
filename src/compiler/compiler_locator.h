#pragma once
// Finding the real compiler a request names, and what kind it is.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "compiler/invocation.h"

namespace zc::compiler {

struct ResolvedCompiler {
    std::string path;       // what to execute
    std::string real_path;  // symlinks resolved: its identity
    Family family = Family::kGcc;
    bool known = false;     // a C/C++ compiler the cache understands
};

// `name` as the user wrote it; a name without '/' is looked up in `path_var` (cwd for empty
// entries). Candidates with inode `skip_dev`/`skip_ino` (zccache itself) are passed over.
std::optional<ResolvedCompiler> locate_compiler(std::string_view name, std::string_view path_var,
                                                const std::string& cwd, dev_t skip_dev, ino_t skip_ino);

}  // namespace zc::compiler
