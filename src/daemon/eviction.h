#pragma once
// The size limit. Each manifest's last use is noted in memory and written to the index in the
// background; the index keeps the store's size as manifests are written and last use in order,
// so that when the store passes the limit the least recently used manifests are removed, a
// slice at a time, until it is under 90% of it — at the same cost in a store of a thousand
// entries or a million. A blob goes only with the last manifest that references it.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "common/fs.h"
#include "common/hash.h"
#include "daemon/manifest_cache.h"
#include "daemon/stats.h"
#include "store/index.h"

namespace zc::daemon {

class Evictor {
  public:
    // `clock` gives the last-use times (the wall clock; unit tests pass their own).
    explicit Evictor(uint64_t limit_bytes, std::function<int64_t()> clock = common::now_realtime_ns)
        : limit_(limit_bytes), clock_(std::move(clock)) {}

    void note_use(const common::Hash128& key);
    uint64_t limit() const { return limit_; }

    // Writes the pending last-use times to the index.
    void flush(store::Index& index);
    // Runs on the daemon's maintenance thread, beside running compiles: a compile that meets an
    // evicted blob finds it missing and compiles again, it is never served a wrong one.
    // Returns the number of manifests removed.
    uint64_t evict(store::Index& index, ManifestCache& manifests, Stats& stats);

  private:
    uint64_t limit_;
    std::function<int64_t()> clock_;
    std::mutex mutex_;
    std::map<std::string, int64_t> pending_;  // key bytes -> last use
};

}  // namespace zc::daemon
