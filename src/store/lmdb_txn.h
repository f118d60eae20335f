#pragma once
// Small LMDB helpers shared by the index's files: a transaction that aborts unless committed,
// and byte views of keys and values.

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace zc::store::lmdb {

inline MDB_val as_val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view as_view(const MDB_val& v) {
    return {static_cast<const char*>(v.mv_data), v.mv_size};
}

struct Txn {
    MDB_txn* txn = nullptr;
    Txn(MDB_env* env, unsigned flags) {
        if (mdb_txn_begin(env, nullptr, flags, &txn) != 0) txn = nullptr;
    }
    ~Txn() {
        if (txn) mdb_txn_abort(txn);
    }
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;
    bool commit() {
        int rc = mdb_txn_commit(txn);
        txn = nullptr;
        return rc == 0;
    }
};

// A uint64 stored under `key` in `dbi` (0 when absent).
inline uint64_t get_u64(MDB_txn* txn, MDB_dbi dbi, std::string_view key) {
    MDB_val k = as_val(key), v;
    uint64_t n = 0;
    if (mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == sizeof n) std::memcpy(&n, v.mv_data, sizeof n);
    return n;
}

inline bool put_u64(MDB_txn* txn, MDB_dbi dbi, std::string_view key, uint64_t n) {
    MDB_val k = as_val(key), v{sizeof n, &n};
    return mdb_put(txn, dbi, &k, &v, 0) == 0;
}

}  // namespace zc::store::lmdb
