#pragma once
// Content-addressed, immutable blobs under <root>/artifacts/<2 hex>/<30 hex>, written through
// <root>/tmp/ and published by rename. What is thrown away whole goes through <root>/trash/.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "common/hash.h"

namespace zc::store {

class ArtifactStore {
  public:
    explicit ArtifactStore(std::string root);

    // Creates the directories; what a crashed daemon left in tmp/ goes to the trash.
    bool prepare(std::string& error);

    // A fresh, unique path in tmp/ (nothing is created).
    std::string temp_path(std::string_view suffix);
    std::string blob_path(const common::Hash128& hash) const;

    // Hashes the finished file at `temp`, makes it read-only and renames it into place.
    // If that blob already exists the first copy stays and `temp` is removed.
    bool publish(const std::string& temp, common::Hash128& hash, int64_t& size);
    void remove_blob(const common::Hash128& hash);
    void remove_blob_bytes(const std::string& hash_bytes);  // Hash128::bytes(), as the index lists them
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
    std::string root_;
    std::string artifacts_;
    std::string tmp_;
    std::string trash_;
    std::atomic<uint64_t> temp_counter_{0};

    bool move_to_trash(const std::string& dir);
};

}  // namespace zc::store
