#include "daemon/eviction.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace zc::daemon {

using reasons::Reason;

namespace {
constexpr size_t kSlice = 64;  // manifests per index read: a bounded step, however large the store
}  // namespace

void Evictor::note_use(const common::Hash128& key) {
    int64_t now = clock_();
    std::lock_guard lock(mutex_);
    pending_[key.bytes()] = now;
}

void Evictor::flush(store::Index& index) {
    std::map<std::string, int64_t> pending;
    {
        std::lock_guard lock(mutex_);
        pending.swap(pending_);
    }
    if (pending.empty() || index.write_last_used(pending)) return;
    spdlog::warn("could not write {} last-use times to the index; will retry", pending.size());
    std::lock_guard lock(mutex_);
    for (const auto& [key, ns] : pending) {
        int64_t& kept = pending_[key];  // a use noted since is newer
        kept = std::max(kept, ns);
    }
}

uint64_t Evictor::evict(store::Index& index, ManifestCache& manifests, Stats& stats) {
    if (index.totals().bytes <= limit_) return 0;
    flush(index);  // the order eviction reads must know the latest hits
    uint64_t target = limit_ / 10 * 9;
    uint64_t evicted = 0;
    while (index.totals().bytes > target) {
        std::vector<std::string> oldest = index.least_recently_used(kSlice);
        if (oldest.empty()) break;
        uint64_t before = evicted;
        for (const std::string& key_bytes : oldest) {
            common::Hash128 key;
            if (!common::Hash128::from_bytes(key_bytes, key) || !manifests.erase(key)) continue;
            ++evicted;
            if (index.totals().bytes <= target) break;
        }
        if (evicted == before) {
            spdlog::warn("eviction removed nothing from a store over its limit");
            break;
        }
    }
    stats.count(Reason::kEvicted, evicted);
    spdlog::info("evicted {} manifests; {} bytes stored, limit {}", evicted, index.totals().bytes, limit_);
    return evicted;
}

}  // namespace zc::daemon
