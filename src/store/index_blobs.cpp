// The index's bookkeeping of blobs and last use: which blobs each manifest references, how many
// manifests reference each blob (blobs are shared by content: a blob goes with its last
// manifest, never before), the store's totals, and last use in time order, so that eviction
// reads the oldest manifests and nothing else.

#include <algorithm>
#include <cstring>
#include <set>

#include "common/fs.h"
#include "store/index.h"
#include "store/lmdb_txn.h"

namespace zc::store {

namespace {
using lmdb::as_val;
using lmdb::as_view;
using lmdb::Txn;

constexpr size_t kHashBytes = 16;

struct BlobRow {
    uint64_t bytes = 0;
    uint64_t manifests = 0;
};

std::set<std::string> blobs_of(MDB_txn* txn, MDB_dbi manifest_blobs, std::string_view key) {
    std::set<std::string> out;
    MDB_val k = as_val(key), v;
    if (mdb_get(txn, manifest_blobs, &k, &v) != 0) return out;
    std::string_view all = as_view(v);
    for (size_t i = 0; i + kHashBytes <= all.size(); i += kHashBytes) out.emplace(all.substr(i, kHashBytes));
    return out;
}

bool read_row(MDB_txn* txn, MDB_dbi refs, std::string_view hash, BlobRow& row) {
    MDB_val k = as_val(hash), v;
    if (mdb_get(txn, refs, &k, &v) != 0 || v.mv_size != sizeof row) return false;
    std::memcpy(&row, v.mv_data, sizeof row);
    return true;
}

bool write_row(MDB_txn* txn, MDB_dbi refs, std::string_view hash, const BlobRow& row) {
    MDB_val k = as_val(hash), v{sizeof row, const_cast<BlobRow*>(&row)};
    return mdb_put(txn, refs, &k, &v, 0) == 0;
}

// Big-endian time first: the table's order is the order of last use.
std::string lru_key(int64_t ns, std::string_view key) {
    std::string out(8, '\0');
    auto u = static_cast<uint64_t>(ns);
    for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<char>(u >> (56 - 8 * i));
    return out.append(key);
}

// Moves `key`'s place in the last-use order to `ns`.
bool set_last_used(MDB_txn* txn, MDB_dbi last_used, MDB_dbi lru, std::string_view key, int64_t ns) {
    MDB_val k = as_val(key), v;
    if (mdb_get(txn, last_used, &k, &v) == 0 && v.mv_size == sizeof(int64_t)) {
        int64_t old;
        std::memcpy(&old, v.mv_data, sizeof old);
        std::string old_key = lru_key(old, key);
        MDB_val ok = as_val(old_key);
        mdb_del(txn, lru, &ok, nullptr);
    }
    MDB_val nv{sizeof ns, &ns};
    std::string new_key = lru_key(ns, key);
    MDB_val nk = as_val(new_key), empty{0, nullptr};
    return mdb_put(txn, last_used, &k, &nv, 0) == 0 && mdb_put(txn, lru, &nk, &empty, 0) == 0;
}

bool forget_last_used(MDB_txn* txn, MDB_dbi last_used, MDB_dbi lru, std::string_view key) {
    MDB_val k = as_val(key), v;
    if (mdb_get(txn, last_used, &k, &v) != 0) return true;
    if (v.mv_size == sizeof(int64_t)) {
        int64_t old;
        std::memcpy(&old, v.mv_data, sizeof old);
        std::string old_key = lru_key(old, key);
        MDB_val ok = as_val(old_key);
        mdb_del(txn, lru, &ok, nullptr);
    }
    int rc = mdb_del(txn, last_used, &k, nullptr);
    return rc == 0 || rc == MDB_NOTFOUND;
}
}  // namespace

// One transaction's changes to the blob counts and totals.
class BlobLedger {
  public:
    BlobLedger(MDB_txn* txn, MDB_dbi refs, MDB_dbi totals) : txn_(txn), refs_(refs), totals_(totals) {}

    bool add(const BlobRef& blob) {
        BlobRow row;
        if (!read_row(txn_, refs_, blob.hash, row)) {
            row = BlobRow{blob.bytes, 0};
            bytes_ += static_cast<int64_t>(blob.bytes);
            ++blobs_;
        }
        ++row.manifests;
        return write_row(txn_, refs_, blob.hash, row);
    }

    bool remove(const std::string& hash, std::vector<std::string>& freed) {
        BlobRow row;
        if (!read_row(txn_, refs_, hash, row)) return true;
        if (row.manifests > 1) {
            --row.manifests;
            return write_row(txn_, refs_, hash, row);
        }
        MDB_val k = as_val(hash);
        if (mdb_del(txn_, refs_, &k, nullptr) != 0) return false;
        bytes_ -= static_cast<int64_t>(row.bytes);
        --blobs_;
        freed.push_back(hash);
        return true;
    }

    bool save() {
        auto moved = [](uint64_t total, int64_t delta) {
            return delta < 0 && static_cast<uint64_t>(-delta) > total ? 0 : total + static_cast<uint64_t>(delta);
        };
        return lmdb::put_u64(txn_, totals_, "bytes", moved(lmdb::get_u64(txn_, totals_, "bytes"), bytes_)) &&
               lmdb::put_u64(txn_, totals_, "blobs", moved(lmdb::get_u64(txn_, totals_, "blobs"), blobs_));
    }

  private:
    MDB_txn* txn_;
    MDB_dbi refs_, totals_;
    int64_t bytes_ = 0;
    int64_t blobs_ = 0;
};

bool Index::put_manifest(const common::Hash128& key, std::string_view value, const std::vector<BlobRef>& blobs,
                         std::vector<std::string>& freed) {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    std::string k = key.bytes();
    std::set<std::string> before = blobs_of(txn.txn, manifest_blobs_, k);
    std::set<std::string> after;
    std::string listed;
    BlobLedger ledger(txn.txn, blob_refs_, totals_);
    std::vector<std::string> released;
    for (const BlobRef& blob : blobs) {
        if (blob.hash.size() != kHashBytes || !after.insert(blob.hash).second) continue;
        listed += blob.hash;
        if (!before.contains(blob.hash) && !ledger.add(blob)) return false;
    }
    for (const std::string& hash : before) {
        if (!after.contains(hash) && !ledger.remove(hash, released)) return false;
    }
    MDB_val kv = as_val(k), vv = as_val(value), bv = as_val(listed);
    if (mdb_put(txn.txn, manifests_, &kv, &vv, 0) != 0 || mdb_put(txn.txn, manifest_blobs_, &kv, &bv, 0) != 0) {
        return false;
    }
    // A new manifest is the most recently used until its use is written.
    MDB_val lv;
    if (mdb_get(txn.txn, last_used_, &kv, &lv) != 0 &&
        !set_last_used(txn.txn, last_used_, lru_, k, common::now_realtime_ns())) {
        return false;
    }
    if (!ledger.save() || !txn.commit()) return false;
    freed.insert(freed.end(), released.begin(), released.end());
    return true;
}

bool Index::erase_manifest(const common::Hash128& key, std::vector<std::string>& freed) {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    std::string k = key.bytes();
    MDB_val kv = as_val(k);
    BlobLedger ledger(txn.txn, blob_refs_, totals_);
    std::vector<std::string> released;
    for (const std::string& hash : blobs_of(txn.txn, manifest_blobs_, k)) {
        if (!ledger.remove(hash, released)) return false;
    }
    int rc = mdb_del(txn.txn, manifests_, &kv, nullptr);
    if (rc != 0 && rc != MDB_NOTFOUND) return false;
    rc = mdb_del(txn.txn, manifest_blobs_, &kv, nullptr);
    if (rc != 0 && rc != MDB_NOTFOUND) return false;
    if (!forget_last_used(txn.txn, last_used_, lru_, k) || !ledger.save() || !txn.commit()) return false;
    freed.insert(freed.end(), released.begin(), released.end());
    return true;
}

bool Index::references_blob(const std::string& hash) const {
    Txn txn(env_, MDB_RDONLY);
    BlobRow row;
    return txn.txn && read_row(txn.txn, blob_refs_, hash, row);
}

StoreTotals Index::totals() const {
    Txn txn(env_, MDB_RDONLY);
    if (!txn.txn) return {};
    return {lmdb::get_u64(txn.txn, totals_, "bytes"), lmdb::get_u64(txn.txn, totals_, "blobs")};
}

bool Index::write_last_used(const std::map<std::string, int64_t>& last_used) {
    Txn txn(env_, 0);
    if (!txn.txn) return false;
    for (const auto& [key, ns] : last_used) {
        MDB_val kv = as_val(key), v;
        if (mdb_get(txn.txn, manifests_, &kv, &v) != 0) continue;  // evicted or cleared since
        if (!set_last_used(txn.txn, last_used_, lru_, key, ns)) return false;
    }
    return txn.commit();
}

std::vector<std::string> Index::least_recently_used(size_t limit) const {
    std::vector<std::string> out;
    Txn txn(env_, MDB_RDONLY);
    MDB_cursor* cursor = nullptr;
    if (!txn.txn || mdb_cursor_open(txn.txn, lru_, &cursor) != 0) return out;
    MDB_val key, value;
    for (int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == 0 && out.size() < limit;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
        std::string_view k = as_view(key);
        if (k.size() > 8) out.emplace_back(k.substr(8));
    }
    mdb_cursor_close(cursor);
    return out;
}

}  // namespace zc::store
