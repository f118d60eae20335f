#include "daemon/manifest_cache.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "common/paths.h"

namespace zc::daemon {

namespace {
// What a manifest references, for the index's counts: each entry's outputs, at what a file of
// that size takes on disk.
std::vector<store::BlobRef> blobs_of(const cache::Manifest& manifest) {
    std::vector<store::BlobRef> out;
    for (const cache::ManifestEntry& entry : manifest.entries) {
        for (const cache::OutputRecord& output : entry.outputs) {
            uint64_t size = static_cast<uint64_t>(std::max<int64_t>(output.size, 0));
            out.push_back({output.blob, (size + 4095) / 4096 * 4096});
        }
    }
    return out;
}

// Per input, beside its path's length: the path and hash strings and the validator's check;
// measured by tests/perf/memory_perftest (a dependency 140 bytes, an absent name 120).
constexpr size_t kBytesPerDependency = 150;
constexpr size_t kBytesPerAbsent = 120;
constexpr size_t kBytesPerEntry = 1024;
constexpr size_t kBytesPerOutput = 160;
// A validator's group: one per directory its inputs are in (the group, its path, its checks' block).
constexpr size_t kBytesPerDirectory = 200;

std::shared_ptr<LiveManifest> make_live(cache::Manifest manifest) {
    auto live = std::make_shared<LiveManifest>();
    live->validators.resize(manifest.entries.size());
    live->manifest = std::move(manifest);
    return live;
}
}  // namespace

size_t estimated_bytes(const cache::Manifest& manifest) {
    size_t bytes = sizeof(LiveManifest);
    for (const cache::ManifestEntry& entry : manifest.entries) {
        bytes += kBytesPerEntry + entry.stdout_data.size() + entry.stderr_data.size() + entry.dep_file_text.size() +
                 entry.origin.size();
        std::unordered_set<std::string_view> dirs;
        for (const cache::Dependency& dep : entry.deps) {
            bytes += kBytesPerDependency + dep.path.size();
            dirs.insert(common::dir_name(dep.path));
        }
        for (const std::string& path : entry.absent) {
            bytes += kBytesPerAbsent + path.size();
            dirs.insert(common::dir_name(path));
        }
        for (std::string_view dir : dirs) bytes += kBytesPerDirectory + dir.size();
        for (const cache::OutputRecord& output : entry.outputs) bytes += kBytesPerOutput + output.path.size();
        for (const cache::EnvDependency& var : entry.env_deps)
            bytes += kBytesPerOutput + var.name.size() + var.value.size();
    }
    return bytes;
}

common::Hash128 ManifestCache::live_key(const common::Hash128& key, const cache::PathRemap& remap) {
    if (!remap.active()) return key;
    common::Hasher h;
    h.field("key", key);
    for (const cache::PathRemap::Root& root : remap.roots()) h.field("root", root.path);
    return h.digest();
}

void ManifestCache::drop_slot_locked(Slots::iterator it) {
    order_.erase(it->second.in_order);
    bytes_ -= it->second.bytes;
    live_.erase(it);
}

void ManifestCache::forget_locked(const common::Hash128& key) {
    auto drop = [&](const common::Hash128& live_key) {
        auto it = live_.find(live_key);
        if (it != live_.end()) drop_slot_locked(it);
    };
    drop(key);
    auto it = variants_.find(key);
    if (it == variants_.end()) return;
    for (const common::Hash128& variant : it->second) drop(variant);
    variants_.erase(it);
}

void ManifestCache::evict_least_recent_locked() {
    auto it = live_.find(order_.back());
    if (it == live_.end()) {
        order_.pop_back();
        return;
    }
    const common::Hash128& index_key = it->second.index_key;
    if (index_key != it->first) {
        // Its index key's list of copies must not keep naming it (nor grow with every reload).
        auto variants = variants_.find(index_key);
        if (variants != variants_.end()) {
            std::erase(variants->second, it->first);
            if (variants->second.empty()) variants_.erase(variants);
        }
    }
    drop_slot_locked(it);
}

void ManifestCache::remember(const common::Hash128& key, const common::Hash128& live_key,
                             std::shared_ptr<LiveManifest> live) {
    size_t bytes = estimated_bytes(live->manifest);
    std::lock_guard lock(mutex_);
    auto it = live_.find(live_key);
    if (it != live_.end()) {
        it->second.live = std::move(live);
        bytes_ += bytes - it->second.bytes;
        it->second.bytes = bytes;
        order_.splice(order_.begin(), order_, it->second.in_order);
        while (bytes_ > budget_bytes_ && live_.size() > 1) evict_least_recent_locked();  // it grew
        return;  // already listed among its key's copies
    }
    while ((live_.size() >= capacity_ || bytes_ + bytes > budget_bytes_) && !order_.empty()) {
        evict_least_recent_locked();
    }
    order_.push_front(live_key);
    bytes_ += bytes;
    live_.emplace(live_key, Slot{std::move(live), order_.begin(), key, bytes});
    if (live_key != key) variants_[key].push_back(live_key);
}

void ManifestCache::release(const std::vector<std::string>& freed) {
    auto referenced = [&](const common::Hash128& hash) { return index_.references_blob(hash.bytes()); };
    for (const std::string& bytes : freed) {
        common::Hash128 hash;
        if (common::Hash128::from_bytes(bytes, hash)) artifacts_.remove_unreferenced(hash, referenced);
    }
}

ManifestCache::Load ManifestCache::load(const common::Hash128& key, const cache::PathRemap& remap,
                                        std::shared_ptr<LiveManifest>& out) {
    common::Hash128 local_key = live_key(key, remap);
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(local_key);
        if (it != live_.end()) {
            order_.splice(order_.begin(), order_, it->second.in_order);
            out = it->second.live;
            return Load::kFound;
        }
    }
    auto bytes = index_.get_manifest(key);
    if (!bytes) return Load::kNone;
    auto manifest = cache::decode_manifest(*bytes);
    if (!manifest) {
        erase(key);
        return Load::kBroken;
    }
    out = make_live(cache::local_manifest(*manifest, remap));
    remember(key, local_key, out);
    return Load::kFound;
}

bool ManifestCache::store(const common::Hash128& key, const cache::PathRemap& remap, const cache::Manifest& manifest) {
    std::vector<std::string> freed;
    bool stored = index_.put_manifest(key, cache::encode_manifest(cache::portable_manifest(manifest, remap)),
                                      blobs_of(manifest), freed);
    {
        std::lock_guard lock(mutex_);
        forget_locked(key);  // copies for other roots would not show the new entry
    }
    if (!stored) return false;  // memory keeps nothing the index does not have
    release(freed);
    remember(key, live_key(key, remap), make_live(manifest));
    return true;
}

bool ManifestCache::erase(const common::Hash128& key) {
    std::vector<std::string> freed;
    bool erased = index_.erase_manifest(key, freed);
    {
        std::lock_guard lock(mutex_);
        forget_locked(key);
    }
    release(freed);
    return erased;
}

void ManifestCache::clear() {
    std::lock_guard lock(mutex_);
    live_.clear();
    order_.clear();
    variants_.clear();
    bytes_ = 0;
}

size_t ManifestCache::size() const {
    std::lock_guard lock(mutex_);
    return live_.size();
}

size_t ManifestCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

size_t ManifestCache::variants() const {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const auto& [key, copies] : variants_) count += copies.size();
    return count;
}

}  // namespace zc::daemon
