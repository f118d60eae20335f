#include "store/index.h"

#include <sys/stat.h>

#include <cstring>

#include "common/fs.h"

namespace zc::store {

namespace {
constexpr size_t kMapSize = size_t{64} << 30;  // address space only; the file grows as needed

MDB_val as_val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view as_view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

struct Txn {
    MDB_txn* txn = nullptr;
    Txn(MDB_env* env, unsigned flags) {
        if (mdb_txn_begin(env, nullptr, flags, &txn) != 0) txn = nullptr;
    }
    ~Txn() {
        if (txn) mdb_txn_abort(txn);
    }
    bool commit() {
        int rc = mdb_txn_commit(txn);
        txn = nullptr;
        return rc == 0;
    }
};

int try_open(const std::string& dir, MDB_env*& env, MDB_dbi& manifests, MDB_dbi& counters, MDB_dbi& last_used) {
    int rc = mdb_env_create(&env);
    if (rc != 0) return rc;
    mdb_env_set_maxdbs(env, 4);
    mdb_env_set_mapsize(env, kMapSize);
    mdb_env_set_maxreaders(env, 512);
    // NOSYNC: a daemon crash loses nothing (the page cache has it); Index::sync() runs periodically.
    rc = mdb_env_open(env, dir.c_str(), MDB_NOSYNC | MDB_NOTLS, 0600);
    if (rc == 0) {
        MDB_txn* txn = nullptr;
        rc = mdb_txn_begin(env, nullptr, 0, &txn);
        if (rc == 0) rc = mdb_dbi_open(txn, "manifests", MDB_CREATE, &manifests);
        if (rc == 0) rc = mdb_dbi_open(txn, "counters", MDB_CREATE, &counters);
        if (rc == 0) rc = mdb_dbi_open(txn, "last_used", MDB_CREATE, &last_used);
        rc = rc == 0 ? mdb_txn_commit(txn) : (mdb_txn_abort(txn), rc);
    }
    if (rc != 0) {
        mdb_env_close(env);
        env = nullptr;
    }
    return rc;
}
}  // namespace

std::unique_ptr<Index> Index::open(const std::string& dir, std::string& error) {
    std::unique_ptr<Index> index(new Index());
    if (!common::make_dirs(dir, 0700)) {
        error = "cannot create " + dir;
        return nullptr;
    }
    int rc = try_open(dir, index->env_, index->manifests_, index->counters_, index->last_used_);
    if (rc != 0) {
        std::string aside = dir + ".corrupt-" + std::to_string(common::now_realtime_ns());
        if (::rename(dir.c_str(), aside.c_str()) == 0 && common::make_dirs(dir, 0700)) {
            rc = try_open(dir, index->env_, index->manifests_, index->counters_, index->last_used_);
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

bool Index::put_manifest(const common::Hash128& key, std::string_view value) {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    std::string k = key.bytes();
    MDB_val kv = as_val(k), vv = as_val(value);
    if (mdb_put(txn.txn, manifests_, &kv, &vv, 0) != 0) return false;
    return txn.commit();
}

bool Index::erase_manifest(const common::Hash128& key) {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    std::string k = key.bytes();
    MDB_val kv = as_val(k);
    int rc = mdb_del(txn.txn, manifests_, &kv, nullptr);
    mdb_del(txn.txn, last_used_, &kv, nullptr);
    return (rc == 0 || rc == MDB_NOTFOUND) && txn.commit();
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

std::map<std::string, uint64_t> Index::read_counters() const { return read_numbers<uint64_t>(env_, counters_); }

bool Index::write_counters(const std::map<std::string, uint64_t>& counters) {
    return write_numbers(env_, counters_, counters);
}

std::map<std::string, int64_t> Index::read_last_used() const { return read_numbers<int64_t>(env_, last_used_); }

bool Index::write_last_used(const std::map<std::string, int64_t>& last_used) {
    return write_numbers(env_, last_used_, last_used);
}

bool Index::clear_manifests() {
    Txn txn(env_, 0);
    if (!txn.txn || mdb_drop(txn.txn, manifests_, 0) != 0 || mdb_drop(txn.txn, last_used_, 0) != 0) return false;
    return txn.commit();
}

void Index::sync() { mdb_env_sync(env_, 1); }

}  // namespace zc::store
