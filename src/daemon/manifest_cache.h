#pragma once
// Manifests decoded once and kept in memory with their validators, in front of the index.
// Writes go through here, so the memory copy never disagrees with the index: a write the index
// refuses leaves no copy in memory either. The blobs a write frees (no manifest references
// them any more) are unlinked here. Memory holds at most `capacity` manifests and about
// `budget_bytes` of them with their validators, least recently used out first: a manifest's
// size grows with its compile's header count, so a count alone bounds nothing.

#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cache/manifest.h"
#include "cache/path_remap.h"
#include "common/hash.h"
#include "daemon/entry_validator.h"
#include "store/artifact_store.h"
#include "store/index.h"

namespace zc::daemon {

struct LiveManifest {
    cache::Manifest manifest;
    std::vector<EntryValidator> validators;  // one per entry
};

// What a decoded manifest and its validators (once they have checked it) take in memory, near
// enough to budget by (tests/perf/memory_perftest compares it with the heap).
size_t estimated_bytes(const cache::Manifest& manifest);

class ManifestCache {
  public:
    static constexpr size_t kDefaultBudgetBytes = size_t{96} << 20;
    ManifestCache(store::Index& index, store::ArtifactStore& artifacts, size_t capacity,
                  size_t budget_bytes = kDefaultBudgetBytes)
        : index_(index), artifacts_(artifacts), capacity_(capacity), budget_bytes_(budget_bytes) {}

    enum class Load { kFound, kNone, kBroken };
    // The manifest under `key`, its paths local to `remap`'s roots (the index holds them
    // portable). A manifest that does not decode is erased (kBroken).
    // The caller holds the key's single-flight guard while it uses the result.
    Load load(const common::Hash128& key, const cache::PathRemap& remap, std::shared_ptr<LiveManifest>& out);
    // `manifest` in local form. False when the index did not take it (nothing is kept then).
    bool store(const common::Hash128& key, const cache::PathRemap& remap, const cache::Manifest& manifest);
    bool erase(const common::Hash128& key);
    void clear();
    size_t size() const;
    // The estimated bytes of what memory holds: at most the budget, or one manifest over it.
    size_t bytes() const;
    // How many of those are copies for other roots: never more than size().
    size_t variants() const;

  private:
    // Each set of roots gets its own decoded copy, with validators for its own paths.
    static common::Hash128 live_key(const common::Hash128& key, const cache::PathRemap& remap);
    void remember(const common::Hash128& key, const common::Hash128& live_key, std::shared_ptr<LiveManifest> live);
    void forget_locked(const common::Hash128& key);
    void evict_least_recent_locked();
    void release(const std::vector<std::string>& freed);

    struct Slot {
        std::shared_ptr<LiveManifest> live;
        std::list<common::Hash128>::iterator in_order;
        common::Hash128 index_key;  // the key it was decoded from
        size_t bytes = 0;           // estimated_bytes() of its manifest
    };

    using Slots = std::unordered_map<common::Hash128, Slot, common::Hash128Hasher>;
    // Under mutex_: the slot out of memory, its place in the order and its bytes with it.
    void drop_slot_locked(Slots::iterator it);

    store::Index& index_;
    store::ArtifactStore& artifacts_;
    size_t capacity_;
    size_t budget_bytes_;
    mutable std::mutex mutex_;
    size_t bytes_ = 0;  // the slots' bytes, under mutex_
    Slots live_;
    std::list<common::Hash128> order_;  // most recently used first
    // Index key -> the live copies decoded from it for other roots, dropped when it changes:
    // exactly the slots whose index_key it is and whose live key differs.
    std::unordered_map<common::Hash128, std::vector<common::Hash128>, common::Hash128Hasher> variants_;
};

}  // namespace zc::daemon
