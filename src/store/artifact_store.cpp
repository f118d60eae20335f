#include "store/artifact_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/fs.h"
#include "common/paths.h"

namespace zc::store {

ArtifactStore::ArtifactStore(std::string root)
    : root_(std::move(root)), artifacts_(root_ + "/artifacts"), tmp_(root_ + "/tmp"), trash_(root_ + "/trash") {}

bool ArtifactStore::move_to_trash(const std::string& dir) {
    if (!common::make_dirs(trash_, 0700)) return false;
    std::string aside = trash_ + "/" + std::string(common::base_name(dir)) + "-" + std::to_string(::getpid()) + "-" +
                        std::to_string(common::now_realtime_ns());
    return ::rename(dir.c_str(), aside.c_str()) == 0 || errno == ENOENT;
}

bool ArtifactStore::prepare(std::string& error) {
    if (!move_to_trash(tmp_)) common::remove_tree(tmp_);
    for (const std::string& dir : {root_, artifacts_, tmp_}) {
        if (!common::make_dirs(dir, 0700)) {
            error = "cannot create " + dir;
            return false;
        }
    }
    return true;
}

std::string ArtifactStore::temp_path(std::string_view suffix) {
    return tmp_ + "/" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter_.fetch_add(1)) +
           std::string(suffix);
}

std::string ArtifactStore::blob_path(const common::Hash128& hash) const {
    std::string hex = hash.hex();
    return artifacts_ + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

BlobPins::BlobPins(BlobPins&& other) noexcept : store_(other.store_), pinned_(std::move(other.pinned_)) {
    other.store_ = nullptr;
    other.pinned_.clear();
}

BlobPins& BlobPins::operator=(BlobPins&& other) noexcept {
    if (this != &other) {
        if (store_) store_->unpin(pinned_);
        store_ = other.store_;
        pinned_ = std::move(other.pinned_);
        other.store_ = nullptr;
        other.pinned_.clear();
    }
    return *this;
}

BlobPins::~BlobPins() {
    if (store_) store_->unpin(pinned_);
}

void ArtifactStore::unpin(const std::vector<common::Hash128>& hashes) {
    std::lock_guard lock(pins_mutex_);
    for (const common::Hash128& hash : hashes) {
        auto it = pinned_.find(hash);
        if (it != pinned_.end() && --it->second == 0) pinned_.erase(it);
    }
}

bool ArtifactStore::publish(const std::string& temp, BlobPins& pins, common::Hash128& hash, int64_t& size) {
    auto data = common::read_file(temp);
    if (!data) return false;
    hash = common::hash_bytes(*data);
    size = static_cast<int64_t>(data->size());
    {
        // Before looking for the blob: from here on no unlink takes it.
        std::lock_guard lock(pins_mutex_);
        ++pinned_[hash];
    }
    pins.store_ = this;  // a job publishes into one store
    pins.pinned_.push_back(hash);
    std::string dest = blob_path(hash);
    struct stat st;
    if (::lstat(dest.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == size) {
        ::unlink(temp.c_str());  // the first copy stays
        return true;
    }
    std::string hex = hash.hex();
    if (!common::make_dirs(artifacts_ + "/" + hex.substr(0, 2), 0700)) return false;
    if (::chmod(temp.c_str(), 0444) != 0 || ::rename(temp.c_str(), dest.c_str()) != 0) {
        ::unlink(temp.c_str());
        return false;
    }
    return true;
}

void ArtifactStore::remove_blob(const common::Hash128& hash) {
    ::unlink(blob_path(hash).c_str());
}

bool ArtifactStore::remove_unreferenced(const common::Hash128& hash,
                                        const std::function<bool(const common::Hash128&)>& referenced) {
    std::lock_guard lock(pins_mutex_);
    if (pinned_.contains(hash) || referenced(hash)) return false;
    return ::unlink(blob_path(hash).c_str()) == 0;
}

bool ArtifactStore::clear() {
    bool ok = move_to_trash(artifacts_) || common::remove_tree(artifacts_);
    return common::make_dirs(artifacts_, 0700) && ok;
}

void ArtifactStore::empty_trash() {
    common::remove_tree(trash_);
}

size_t ArtifactStore::sweep_unreferenced(unsigned slice, const std::function<bool(const common::Hash128&)>& referenced,
                                         int64_t older_than_ns) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string prefix{kHex[(slice >> 4) & 15], kHex[slice & 15]};
    std::string dir = artifacts_ + "/" + prefix;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    std::vector<std::string> names;
    while (struct dirent* entry = ::readdir(d)) {
        if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
    }
    ::closedir(d);
    size_t removed = 0;
    for (const std::string& name : names) {
        common::Hash128 hash;
        struct stat st;
        std::string path = dir + "/" + name;
        if (!common::Hash128::from_hex(prefix + name, hash) || ::lstat(path.c_str(), &st) != 0) continue;
        // Young blobs may be between their publish and their manifest's write.
        if (common::timespec_ns(st.st_mtim) > older_than_ns) continue;
        if (remove_unreferenced(hash, referenced)) ++removed;
    }
    return removed;
}

}  // namespace zc::store
