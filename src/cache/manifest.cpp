#include "cache/manifest.h"

namespace zc::cache {

void add_entry(Manifest& manifest, ManifestEntry entry) {
    std::erase_if(manifest.entries, [&](const ManifestEntry& old) {
        if (old.deps.size() != entry.deps.size()) return false;
        for (size_t i = 0; i < old.deps.size(); ++i) {
            if (old.deps[i].path != entry.deps[i].path || old.deps[i].hash != entry.deps[i].hash) return false;
        }
        // Same files, other environment (rustc's env!): both results stay valid.
        if (old.env_deps.size() != entry.env_deps.size()) return false;
        for (size_t i = 0; i < old.env_deps.size(); ++i) {
            const EnvDependency& a = old.env_deps[i];
            const EnvDependency& b = entry.env_deps[i];
            if (a.name != b.name || a.value != b.value || a.set != b.set) return false;
        }
        return true;
    });
    manifest.entries.insert(manifest.entries.begin(), std::move(entry));
    if (manifest.entries.size() > kMaxEntriesPerManifest) manifest.entries.resize(kMaxEntriesPerManifest);
}

}  // namespace zc::cache
