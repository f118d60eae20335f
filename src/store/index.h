#pragma once
// The embedded index (LMDB): manifests by context key and the persistent counters.
// Transactional and crash-safe, readable by the CLI without the daemon.

#include <lmdb.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/hash.h"

namespace zc::store {

class Index {
public:
    // Opens (creating) the index in `dir`. A store that cannot be opened is moved aside and a
    // fresh one created, so that a corrupted index costs a cold cache, never a failed build.
    static std::unique_ptr<Index> open(const std::string& dir, std::string& error);
    ~Index();

    std::optional<std::string> get_manifest(const common::Hash128& key) const;
    bool put_manifest(const common::Hash128& key, std::string_view value);
    bool erase_manifest(const common::Hash128& key);
    uint64_t manifest_count() const;
    // Calls `visit` for every manifest; stop by returning false.
    void for_each_manifest(const std::function<bool(std::string_view key, std::string_view value)>& visit) const;

    // When each manifest was last used (ns since the epoch), for LRU eviction.
    std::map<std::string, int64_t> read_last_used() const;  // by Hash128::bytes()
    bool write_last_used(const std::map<std::string, int64_t>& last_used);

    std::map<std::string, uint64_t> read_counters() const;
    bool write_counters(const std::map<std::string, uint64_t>& counters);

    bool clear_manifests();
    void sync();

private:
    Index() = default;
    MDB_env* env_ = nullptr;
    MDB_dbi manifests_ = 0;
    MDB_dbi counters_ = 0;
    MDB_dbi last_used_ = 0;
};

}  // namespace zc::store
