#include "store/index.h"

#include <sys/stat.h>

#include <cstring>

#include "common/fs.h"
#include "store/lmdb_txn.h"

namespace zc::store {

namespace {
// 2: blobs counted by the manifests that reference them, last use ordered, totals kept.
constexpr uint64_t kFormat = 2;

using lmdb::as_val;
using lmdb::as_view;
using lmdb::Txn;

int try_open(const std::string& dir, size_t map_bytes, MDB_env*& env) {
    int rc = mdb_env_create(&env);
    if (rc != 0) return rc;
    mdb_env_set_maxdbs(env, 8);
    mdb_env_set_mapsize(env, map_bytes);
    mdb_env_set_maxreaders(env, 512);
    // NOSYNC: a daemon crash loses nothing (the page cache has it); Index::sync() runs periodically.
    rc = mdb_env_open(env, dir.c_str(), MDB_NOSYNC | MDB_NOTLS, 0600);
    if (rc != 0) {
        mdb_env_close(env);
        env = nullptr;
    }
    return rc;
}
}  // namespace

bool Index::open_tables() {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    const std::pair<const char*, MDB_dbi*> tables[] = {
        {"manifests", &manifests_},           {"counters", &counters_},   {"last_used", &last_used_}, {"lru", &lru_},
        {"manifest_blobs", &manifest_blobs_}, {"blob_refs", &blob_refs_}, {"totals", &totals_},
    };
    for (const auto& [name, dbi] : tables) {
        if (mdb_dbi_open(txn.txn, name, MDB_CREATE, dbi) != 0) return false;
    }
    if (lmdb::get_u64(txn.txn, totals_, "format") != kFormat) {
        // Manifests from before blobs were counted cannot be accounted for: start afresh.
        MDB_stat st;
        upgraded_ = mdb_stat(txn.txn, manifests_, &st) == 0 && st.ms_entries > 0;
        for (MDB_dbi dbi : {manifests_, last_used_, lru_, manifest_blobs_, blob_refs_, totals_}) {
            if (mdb_drop(txn.txn, dbi, 0) != 0) return false;
        }
        if (!lmdb::put_u64(txn.txn, totals_, "format", kFormat)) return false;
    }
    return txn.commit();
}

std::unique_ptr<Index> Index::open(const std::string& dir, std::string& error, size_t map_bytes) {
    std::unique_ptr<Index> index(new Index());
    if (!common::make_dirs(dir, 0700)) {
        error = "cannot create " + dir;
        return nullptr;
    }
    int rc = try_open(dir, map_bytes, index->env_);
    if (rc == 0 && !index->open_tables()) rc = MDB_INVALID;
    if (rc != 0) {
        if (index->env_) mdb_env_close(index->env_);
        index->env_ = nullptr;
        std::string aside = dir + ".corrupt-" + std::to_string(common::now_realtime_ns());
        if (::rename(dir.c_str(), aside.c_str()) == 0 && common::make_dirs(dir, 0700)) {
            rc = try_open(dir, map_bytes, index->env_);
            if (rc == 0 && !index->open_tables()) rc = MDB_INVALID;
        }
    }
    if (rc != 0) {
        error = std::string("cannot open index: ") + mdb_strerror(rc);
        return nullptr;
    }
    return index;
}

Index::~Index() {
    if (env_) {
        mdb_env_sync(env_, 1);
        mdb_env_close(env_);
    }
}

std::optional<std::string> Index::get_manifest(const common::Hash128& key) const {
    Txn txn(env_, MDB_RDONLY);
    if (!txn.txn) return std::nullopt;
    std::string k = key.bytes();
    MDB_val kv = as_val(k), value;
    if (mdb_get(txn.txn, manifests_, &kv, &value) != 0) return std::nullopt;
    return std::string(as_view(value));
}

uint64_t Index::manifest_count() const {
    Txn txn(env_, MDB_RDONLY);
    MDB_stat st;
    if (!txn.txn || mdb_stat(txn.txn, manifests_, &st) != 0) return 0;
    return st.ms_entries;
}

void Index::for_each_manifest(const std::function<bool(std::string_view, std::string_view)>& visit) const {
    Txn txn(env_, MDB_RDONLY);
    MDB_cursor* cursor = nullptr;
    if (!txn.txn || mdb_cursor_open(txn.txn, manifests_, &cursor) != 0) return;
    MDB_val key, value;
    for (int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
        if (!visit(as_view(key), as_view(value))) break;
    }
    mdb_cursor_close(cursor);
}

namespace {
// A table of fixed-size numbers by name: the counters and the last-use times.
template <typename Number>
std::map<std::string, Number> read_numbers(MDB_env* env, MDB_dbi dbi) {
    std::map<std::string, Number> out;
    Txn txn(env, MDB_RDONLY);
    MDB_cursor* cursor = nullptr;
    if (!txn.txn || mdb_cursor_open(txn.txn, dbi, &cursor) != 0) return out;
    MDB_val key, value;
    for (int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
        if (value.mv_size == sizeof(Number)) {
            Number n;
            std::memcpy(&n, value.mv_data, sizeof n);
            out[std::string(as_view(key))] = n;
        }
    }
    mdb_cursor_close(cursor);
    return out;
}

template <typename Number>
bool write_numbers(MDB_env* env, MDB_dbi dbi, const std::map<std::string, Number>& numbers) {
    Txn txn(env, 0);
    if (!txn.txn) return false;
    for (const auto& [name, n] : numbers) {
        MDB_val kv = as_val(name), vv{sizeof n, const_cast<Number*>(&n)};
        if (mdb_put(txn.txn, dbi, &kv, &vv, 0) != 0) return false;
    }
    return txn.commit();
}
}  // namespace

std::map<std::string, uint64_t> Index::read_counters() const {
    return read_numbers<uint64_t>(env_, counters_);
}

bool Index::write_counters(const std::map<std::string, uint64_t>& counters) {
    return write_numbers(env_, counters_, counters);
}

bool Index::clear_manifests() {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    for (MDB_dbi dbi : {manifests_, last_used_, lru_, manifest_blobs_, blob_refs_}) {
        if (mdb_drop(txn.txn, dbi, 0) != 0) return false;
    }
    if (!lmdb::put_u64(txn.txn, totals_, "bytes", 0) || !lmdb::put_u64(txn.txn, totals_, "blobs", 0)) return false;
    return txn.commit();
}

bool Index::sync() {
    return mdb_env_sync(env_, 1) == 0;
}

}  // namespace zc::store
