#pragma once
// The size limit: last use of each manifest is noted in memory and written to the index in the
// background; when the store grows past the limit, the least recently used manifests and their
// blobs are removed until it is under 90% of it.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/hash.h"
#include "store/index.h"

namespace zc::daemon {

struct DaemonContext;

class Evictor {
public:
    Evictor(uint64_t limit_bytes, uint64_t stored_bytes) : limit_(limit_bytes), estimate_(stored_bytes) {}

    void note_use(const common::Hash128& key);
    void note_stored(uint64_t bytes) { estimate_.fetch_add(bytes); }
    void note_cleared() { estimate_.store(0); }
    bool due() const { return estimate_.load() > limit_; }
    uint64_t limit() const { return limit_; }

    // Writes the pending last-use times to the index.
    void flush(store::Index& index);
    // Runs in the daemon's maintenance loop, beside running compiles: a compile that meets an
    // evicted blob finds it missing and compiles again, it is never served a wrong one.
    void evict(DaemonContext& ctx);

private:
    uint64_t limit_;
    std::atomic<uint64_t> estimate_;
    std::mutex mutex_;
    std::map<std::string, int64_t> pending_;  // key bytes -> last use
};

}  // namespace zc::daemon
