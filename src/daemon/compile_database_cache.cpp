#include "daemon/compile_database_cache.h"

#include "common/fs.h"

namespace zc::daemon {

std::shared_ptr<const analysis::CompileCommands> CompileDatabaseCache::get(const std::string& path,
                                                                           const common::Hash128& hash) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = by_path_.find(path); it != by_path_.end() && it->second.hash == hash) return it->second.db;
    }
    std::optional<std::string> text = common::read_file(path);
    if (!text || common::hash_bytes(*text) != hash) return nullptr;  // changed meanwhile: next time
    std::optional<analysis::CompileCommands> parsed = analysis::CompileCommands::parse(*text);
    if (!parsed) return nullptr;
    auto db = std::make_shared<const analysis::CompileCommands>(std::move(*parsed));
    std::lock_guard lock(mutex_);
    by_path_[path] = Parsed{hash, db};
    return db;
}

}  // namespace zc::daemon
