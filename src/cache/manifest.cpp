#include "cache/manifest.h"

namespace zc::cache {

std::string encode_manifest(const Manifest& manifest) {
    msgpack::sbuffer buffer;
    msgpack::pack(buffer, manifest);
    return std::string(buffer.data(), buffer.size());
}

std::optional<Manifest> decode_manifest(std::string_view bytes) {
    try {
        // A damaged manifest must not claim more elements than it has bytes (see messages.cpp).
        size_t n = bytes.size();
        msgpack::object_handle handle =
            msgpack::unpack(bytes.data(), n, nullptr, nullptr, msgpack::unpack_limit(n, n, n, n, n, 32));
        Manifest manifest = handle.get().as<Manifest>();
        if (manifest.format != kManifestFormat) return std::nullopt;
        return manifest;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

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
