#pragma once
// The embedded index (LMDB): manifests by context key, the blobs each references (counted, so
// that a blob is removed only with its last manifest), last use in order, the store's totals
// and the persistent counters.
// Transactional and crash-safe, readable by the CLI without the daemon.

#include <lmdb.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"

namespace zc::store {

// A blob as a manifest references it: its hash (Hash128::bytes()) and what it takes on disk.
struct BlobRef {
    std::string hash;
    uint64_t bytes = 0;
};

// What the store holds, kept up to date by every manifest write: no walk of the blob tree.
struct StoreTotals {
    uint64_t bytes = 0;  // of the blobs some manifest references, each counted once
    uint64_t blobs = 0;
};

class Index {
  public:
    // Opens (creating) the index in `dir`. A store that cannot be opened is moved aside and a
    // fresh one created, so that a corrupted index costs a cold cache, never a failed build.
    // `map_bytes` is address space only (the file grows as needed); a full map refuses writes.
    static constexpr size_t kDefaultMapBytes = size_t{64} << 30;
    static std::unique_ptr<Index> open(const std::string& dir, std::string& error, size_t map_bytes = kDefaultMapBytes);
    ~Index();

    // An index written before blobs were counted: its manifests were dropped at open, and the
    // blobs they referenced must go too (the daemon then clears artifacts/).
    bool was_upgraded() const { return upgraded_; }

    std::optional<std::string> get_manifest(const common::Hash128& key) const;
    // Stores `value` under `key` with the blobs it references. Each blob counts the manifests
    // that reference it, in the same transaction; a blob no manifest references any more is
    // added to `freed`, for the caller to unlink (blobs are shared by content).
    bool put_manifest(const common::Hash128& key, std::string_view value, const std::vector<BlobRef>& blobs,
                      std::vector<std::string>& freed);
    bool erase_manifest(const common::Hash128& key, std::vector<std::string>& freed);
    uint64_t manifest_count() const;
    StoreTotals totals() const;
    // Whether some manifest references the blob (Hash128::bytes()).
    bool references_blob(const std::string& hash) const;
    // Calls `visit` for every manifest; stop by returning false.
    void for_each_manifest(const std::function<bool(std::string_view key, std::string_view value)>& visit) const;

    // When each manifest was last used (ns since the epoch), for LRU eviction: kept with an
    // ordered table, so that the oldest are found without reading the rest. Keys of manifests
    // that are gone are skipped.
    bool write_last_used(const std::map<std::string, int64_t>& last_used);
    // Up to `limit` manifest keys, least recently used first.
    std::vector<std::string> least_recently_used(size_t limit) const;

    std::map<std::string, uint64_t> read_counters() const;
    bool write_counters(const std::map<std::string, uint64_t>& counters);

    bool clear_manifests();
    bool sync();

  private:
    Index() = default;
    bool open_tables();
    MDB_env* env_ = nullptr;
    MDB_dbi manifests_ = 0;
    MDB_dbi counters_ = 0;
    MDB_dbi last_used_ = 0;       // key -> int64 ns
    MDB_dbi lru_ = 0;             // big-endian ns + key -> ""
    MDB_dbi manifest_blobs_ = 0;  // key -> the 16-byte hashes it references
    MDB_dbi blob_refs_ = 0;       // hash -> {uint64 bytes, uint64 manifests}
    MDB_dbi totals_ = 0;          // "bytes", "blobs", "format" -> uint64
    bool upgraded_ = false;
};

}  // namespace zc::store
