#pragma once
// `zccache warm`: fills a cargo target directory from the cache without the daemon.

#include <string>

namespace zc::cli {

// Copies the newest cached .rlib/.rmeta of every crate named in `lockfile` whose recorded path
// lies under `target_dir` and is missing there; prints what it restored. Returns the exit code.
int warm_target_dir(const std::string& target_dir, const std::string& lockfile);

}  // namespace zc::cli
