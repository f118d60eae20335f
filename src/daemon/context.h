#pragma once
// Everything a request handler needs, owned by the daemon's main and passed explicitly.

#include <sys/types.h>

#include <atomic>
#include <string>

#include "daemon/blob_guard.h"
#include "daemon/compile_database_cache.h"
#include "daemon/compile_priority.h"
#include "daemon/eviction.h"
#include "daemon/explain.h"
#include "daemon/journal.h"
#include "daemon/manifest_cache.h"
#include "daemon/sessions.h"
#include "daemon/single_flight.h"
#include "daemon/stats.h"
#include "daemon/tool_identity.h"
#include "daemon/worktree_toolchains.h"
#include "meta/file_metadata_cache.h"
#include "meta/watcher.h"
#include "store/artifact_store.h"
#include "store/delivery.h"
#include "store/index.h"

namespace zc::daemon {

struct DaemonContext {
    std::string cache_root;
    std::string endpoint;
    int64_t started_ns = 0;  // monotonic, for the uptime

    store::Index& index;
    ManifestCache& manifests;  // reads and writes of manifests go through it, not `index`
    store::ArtifactStore& artifacts;
    meta::DirectoryWatcher& watcher;
    meta::FileMetadataCache& files;
    Stats& stats;
    BlobGuard& blobs;
    SingleFlight& flights;
    Evictor& evictor;
    Journal& journal;
    Sessions& sessions;
    ExplainLog& explain;
    CompilePriority& priority;
    ToolIdentities& tools;
    CompileDatabaseCache& databases;
    WorktreeToolchains& worktree_toolchains;
    store::DeliveryMode delivery = store::DeliveryMode::kAuto;

    // The zccache client binary, so that a PATH lookup never finds zccache as the compiler.
    dev_t client_dev = 0;
    ino_t client_ino = 0;

    std::atomic<int64_t> active_compiles{0};
    std::atomic<uint64_t> compile_requests{0};  // since start: the hot path's counters per request
};

}  // namespace zc::daemon
