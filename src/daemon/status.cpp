#include "daemon/status.h"

#include <unistd.h>

#include "common/fs.h"
#include "meta/disk.h"
#include "reasons/reason.h"
#include "store/status_counters.h"

namespace zc::daemon {

protocol::StatusReply collect_status(DaemonContext& ctx) {
    protocol::StatusReply status;
    status.pid = ::getpid();
    status.version = ZCCACHE_VERSION;
    status.uptime_secs = (common::now_monotonic_ns() - ctx.started_ns) / 1'000'000'000;
    status.cache_root = ctx.cache_root;
    status.endpoint = ctx.endpoint;
    status.entries = ctx.index.manifest_count();
    status.artifact_bytes = ctx.index.totals().bytes;
    status.limit_bytes = ctx.evictor.limit();
    status.active_compiles = ctx.active_compiles.load();
    status.open_sessions = ctx.sessions.open_count();
    status.counters = ctx.stats.counters();
    status.counters[std::string(reasons::name(reasons::Reason::kFallback))] = store::fallback_count(ctx.cache_root);
    status.uncacheable = ctx.stats.uncacheable_reasons();
    status.since_start = ctx.stats.counters_since_start();
    meta::MetadataCounters files = ctx.files.counters();
    meta::DiskCounters disk = meta::system_disk_counters();
    status.hot_path = {{"compile_requests", ctx.compile_requests.load()},
                       {"file_lookups", files.lookups},
                       {"file_lookups_from_memory", files.from_memory},
                       {"file_stats", files.stats},
                       {"files_hashed", files.hashes},
                       {"bytes_hashed", files.bytes_hashed},
                       {"watcher_drains", files.drains},
                       {"disk_stats", disk.stats},
                       {"disk_reads", disk.reads},
                       {"disk_bytes_read", disk.bytes_read}};
    return status;
}

// Costs the same whatever the store holds: the index drops its tables, the blobs go to the
// trash whole (emptied by the maintenance thread). Nothing waits for running compiles, so a
// continuous build cannot hold a clear off: one that finishes after it stores its entry in the
// empty cache, and one whose blob went with the trash finds it missing and compiles again.
bool clear_cache(DaemonContext& ctx) {
    // Memory is emptied even if the index refuses: what it still lists is checked before use.
    bool cleared = ctx.index.clear_manifests();
    ctx.manifests.clear();
    ctx.artifacts.clear();
    ctx.blobs.clear();
    ctx.stats.reset();
    store::reset_fallback_count(ctx.cache_root);
    return ctx.stats.save(ctx.index) && cleared;
}

}  // namespace zc::daemon
