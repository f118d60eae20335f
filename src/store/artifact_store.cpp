#include "store/artifact_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"

namespace zc::store {

namespace {
uint64_t tree_bytes(const std::string& dir) {
    uint64_t total = 0;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    while (struct dirent* entry = ::readdir(d)) {
        std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        std::string path = dir + "/" + entry->d_name;
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) continue;
        total += S_ISDIR(st.st_mode) ? tree_bytes(path) : static_cast<uint64_t>(st.st_blocks) * 512;
    }
    ::closedir(d);
    return total;
}
}  // namespace

ArtifactStore::ArtifactStore(std::string root)
    : root_(std::move(root)), artifacts_(root_ + "/artifacts"), tmp_(root_ + "/tmp") {}

bool ArtifactStore::prepare(std::string& error) {
    common::remove_tree(tmp_);
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

bool ArtifactStore::publish(const std::string& temp, common::Hash128& hash, int64_t& size) {
    auto data = common::read_file(temp);
    if (!data) return false;
    hash = common::hash_bytes(*data);
    size = static_cast<int64_t>(data->size());
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

void ArtifactStore::remove_blob(const common::Hash128& hash) { ::unlink(blob_path(hash).c_str()); }

bool ArtifactStore::clear() {
    bool ok = common::remove_tree(artifacts_);
    return common::make_dirs(artifacts_, 0700) && ok;
}

uint64_t ArtifactStore::disk_bytes() const { return tree_bytes(artifacts_); }

}  // namespace zc::store
