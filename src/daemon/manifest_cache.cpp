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

void ManifestCache::remember(const common::Hash128& key, std::shared_ptr<LiveManifest> live) {
    std::lock_guard lock(mutex_);
    if (live_.size() >= capacity_ && !live_.contains(key)) live_.erase(live_.begin());
    live_[key] = std::move(live);
}

ManifestCache::Load ManifestCache::load(const common::Hash128& key, std::shared_ptr<LiveManifest>& out) {
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(key);
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
    out = make_live(std::move(*manifest));
    remember(key, out);
    return Load::kFound;
}

void ManifestCache::store(const common::Hash128& key, const cache::Manifest& manifest) {
    index_.put_manifest(key, cache::encode_manifest(manifest));
    remember(key, make_live(manifest));
}

void ManifestCache::erase(const common::Hash128& key) {
    index_.erase_manifest(key);
    std::lock_guard lock(mutex_);
    live_.erase(key);
}

void ManifestCache::clear() {
    std::lock_guard lock(mutex_);
    live_.clear();
}

}  // namespace zc::daemon
