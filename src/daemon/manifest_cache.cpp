#include "daemon/manifest_cache.h"

namespace zc::daemon {

namespace {
std::shared_ptr<LiveManifest> make_live(cache::Manifest manifest) {
    auto live = std::make_shared<LiveManifest>();
    live->validators.resize(manifest.entries.size());
    live->manifest = std::move(manifest);
    return live;
}
}  // namespace

common::Hash128 ManifestCache::live_key(const common::Hash128& key, const cache::PathRemap& remap) {
    if (!remap.active()) return key;
    common::Hasher h;
    h.field("key", key);
    for (const cache::PathRemap::Root& root : remap.roots()) h.field("root", root.path);
    return h.digest();
}

void ManifestCache::forget_locked(const common::Hash128& key) {
    live_.erase(key);
    auto it = variants_.find(key);
    if (it == variants_.end()) return;
    for (const common::Hash128& variant : it->second) live_.erase(variant);
    variants_.erase(it);
}

void ManifestCache::remember(const common::Hash128& key, const common::Hash128& live_key,
                             std::shared_ptr<LiveManifest> live) {
    std::lock_guard lock(mutex_);
    if (live_.size() >= capacity_ && !live_.contains(live_key)) live_.erase(live_.begin());
    live_[live_key] = std::move(live);
    if (live_key != key) variants_[key].push_back(live_key);
}

ManifestCache::Load ManifestCache::load(const common::Hash128& key, const cache::PathRemap& remap,
                                        std::shared_ptr<LiveManifest>& out) {
    common::Hash128 local_key = live_key(key, remap);
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(local_key);
        if (it != live_.end()) {
            out = it->second;
            return Load::kFound;
        }
    }
    auto bytes = index_.get_manifest(key);
    if (!bytes) return Load::kNone;
    auto manifest = cache::decode_manifest(*bytes);
    if (!manifest) {
        index_.erase_manifest(key);
        return Load::kBroken;
    }
    out = make_live(cache::local_manifest(*manifest, remap));
    remember(key, local_key, out);
    return Load::kFound;
}

void ManifestCache::store(const common::Hash128& key, const cache::PathRemap& remap, const cache::Manifest& manifest) {
    index_.put_manifest(key, cache::encode_manifest(cache::portable_manifest(manifest, remap)));
    {
        std::lock_guard lock(mutex_);
        forget_locked(key);  // copies for other roots would not show the new entry
    }
    remember(key, live_key(key, remap), make_live(manifest));
}

void ManifestCache::erase(const common::Hash128& key) {
    index_.erase_manifest(key);
    std::lock_guard lock(mutex_);
    forget_locked(key);
}

void ManifestCache::clear() {
    std::lock_guard lock(mutex_);
    live_.clear();
    variants_.clear();
}

}  // namespace zc::daemon
