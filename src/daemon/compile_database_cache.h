#pragma once
// Parsed compile_commands.json files, kept per path and content hash: a CMake project's database
// is read by every clang-tidy run, and parsing it per request would dominate a hit.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "analysis/compile_database.h"
#include "common/hash.h"

namespace zc::daemon {

class CompileDatabaseCache {
  public:
    // The database at `path` whose contents hash to `hash`, or nullptr if it does not parse.
    std::shared_ptr<const analysis::CompileCommands> get(const std::string& path, const common::Hash128& hash);

  private:
    struct Parsed {
        common::Hash128 hash;
        std::shared_ptr<const analysis::CompileCommands> db;
    };
    std::mutex mutex_;
    std::unordered_map<std::string, Parsed> by_path_;
};

}  // namespace zc::daemon
