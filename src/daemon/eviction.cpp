#include "daemon/eviction.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

#include "cache/manifest.h"
#include "common/fs.h"
#include "daemon/context.h"

namespace zc::daemon {

namespace {
struct Candidate {
    int64_t last_used = 0;
    std::string key;
    std::vector<std::string> blobs;  // Hash128::bytes()
};

uint64_t disk_size(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_blocks) * 512 : 0;
}
}  // namespace

void Evictor::note_use(const common::Hash128& key) {
    int64_t now = common::now_realtime_ns();
    std::lock_guard lock(mutex_);
    pending_[key.bytes()] = now;
}

void Evictor::flush(store::Index& index) {
    std::map<std::string, int64_t> pending;
    {
        std::lock_guard lock(mutex_);
        pending.swap(pending_);
    }
    if (!pending.empty()) index.write_last_used(pending);
}

void Evictor::evict(DaemonContext& ctx) {
    flush(ctx.index);
    uint64_t bytes = ctx.artifacts.disk_bytes();
    if (bytes <= limit_) {
        estimate_.store(bytes);
        return;
    }
    uint64_t target = limit_ / 10 * 9;
    std::map<std::string, int64_t> last_used = ctx.index.read_last_used();
    std::vector<Candidate> candidates;
    ctx.index.for_each_manifest([&](std::string_view key, std::string_view value) {
        Candidate c;
        c.key = key;
        auto it = last_used.find(c.key);
        c.last_used = it == last_used.end() ? 0 : it->second;
        if (auto manifest = cache::decode_manifest(value)) {
            for (const cache::ManifestEntry& entry : manifest->entries) {
                for (const cache::OutputRecord& output : entry.outputs) c.blobs.push_back(output.blob);
            }
        }
        candidates.push_back(std::move(c));
        return true;
    });
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.last_used < b.last_used; });

    uint64_t evicted = 0;
    for (const Candidate& c : candidates) {
        if (bytes <= target) break;
        common::Hash128 key;
        if (!common::Hash128::from_bytes(c.key, key)) continue;
        ctx.manifests.erase(key);
        for (const std::string& blob_bytes : c.blobs) {
            common::Hash128 blob;
            if (!common::Hash128::from_bytes(blob_bytes, blob)) continue;
            std::string path = ctx.artifacts.blob_path(blob);
            uint64_t size = disk_size(path);
            if (::unlink(path.c_str()) == 0) bytes -= std::min(bytes, size);
        }
        ++evicted;
    }
    estimate_.store(bytes);
    ctx.stats.count("evicted", evicted);
    spdlog::info("evicted {} manifests; {} bytes stored, limit {}", evicted, bytes, limit_);
}

}  // namespace zc::daemon
