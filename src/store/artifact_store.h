#pragma once
// Content-addressed, immutable blobs under <root>/artifacts/<2 hex>/<30 hex>, written through
// <root>/tmp/ and published by rename. What is thrown away whole goes through <root>/trash/.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/hash.h"

namespace zc::store {

class ArtifactStore;

// The blobs one job published, or found already there, and has not yet seen its manifest
// commit. A blob is shared by content: between finding it and the index counting the new
// reference, another entry's eviction could otherwise unlink it under the job. Unpinned when
// this goes.
class BlobPins {
  public:
    BlobPins() = default;
    BlobPins(const BlobPins&) = delete;
    BlobPins& operator=(const BlobPins&) = delete;
    BlobPins(BlobPins&& other) noexcept;
    BlobPins& operator=(BlobPins&& other) noexcept;
    ~BlobPins();

  private:
    friend class ArtifactStore;
    ArtifactStore* store_ = nullptr;
    std::vector<common::Hash128> pinned_;
};

class ArtifactStore {
  public:
    explicit ArtifactStore(std::string root);

    // Creates the directories; what a crashed daemon left in tmp/ goes to the trash.
    bool prepare(std::string& error);

    // A fresh, unique path in tmp/ (nothing is created).
    std::string temp_path(std::string_view suffix);
    std::string blob_path(const common::Hash128& hash) const;

    // Hashes the finished file at `temp`, makes it read-only and renames it into place.
    // If that blob already exists the first copy stays and `temp` is removed. Either way the
    // blob stays pinned by `pins` until they go.
    bool publish(const std::string& temp, BlobPins& pins, common::Hash128& hash, int64_t& size);
    // A damaged blob: it goes whatever references it (its entries are dropped as they are met).
    void remove_blob(const common::Hash128& hash);
    // A blob the index stopped counting: unlinked unless a job has it pinned or `referenced`
    // (asked under the same lock as pinning) says an entry took it meanwhile.
    bool remove_unreferenced(const common::Hash128& hash,
                             const std::function<bool(const common::Hash128&)>& referenced);
    // Moves every blob to the trash at once (the index is cleared separately): `clear` costs
    // the same with ten blobs or a million.
    bool clear();
    // Deletes what clear() and prepare() put in the trash; the slow part, off any request.
    void empty_trash();
    // Unlinks the blobs in one of the 256 fan-out directories (`slice`) that `referenced` does
    // not know and that are older than `older_than_ns` (realtime): blobs a crash or a failed
    // index write left behind, which no total counts. Returns how many went.
    size_t sweep_unreferenced(unsigned slice, const std::function<bool(const common::Hash128&)>& referenced,
                              int64_t older_than_ns);

    const std::string& root() const { return root_; }

  private:
    friend class BlobPins;
    std::string root_;
    std::string artifacts_;
    std::string tmp_;
    std::string trash_;
    std::atomic<uint64_t> temp_counter_{0};
    std::mutex pins_mutex_;  // pinning, and every unlink of a blob that may be shared
    std::unordered_map<common::Hash128, uint32_t, common::Hash128Hasher> pinned_;

    bool move_to_trash(const std::string& dir);
    void unpin(const std::vector<common::Hash128>& hashes);
};

}  // namespace zc::store
