// The miss path: compile with the outputs redirected into tmp/, then decide whether the result
// may be stored (every input older than the compile, no time macros), publish it, and deliver.

#include <sys/statvfs.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "cache/manifest.h"
#include "cache/negative_deps.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"
#include "daemon/compiler_runner.h"
#include "daemon/prepared_compile.h"

namespace zc::daemon {

namespace {

struct TempFiles {
    std::string object;
    std::string dep_file;
    ~TempFiles() {
        ::unlink(object.c_str());
        ::unlink(dep_file.c_str());
    }
};

struct ActiveCompile {
    explicit ActiveCompile(DaemonContext& ctx) : ctx_(ctx) { ctx_.active_compiles.fetch_add(1); }
    ~ActiveCompile() { ctx_.active_compiles.fetch_sub(1); }
    DaemonContext& ctx_;
};

// Why this successful compile may not be stored, or empty.
std::string_view why_not_storable(DaemonContext& ctx, const PreparedCompile& compile,
                                  const std::vector<std::string>& deps, int64_t started_ns) {
    if (deps.empty()) {
        spdlog::debug("not storing: the compiler wrote no dependency file");
        return counter::kNotStored;
    }
    ctx.files.drain();  // see writes made while the compiler ran
    for (const std::string& dep : deps) {
        meta::FileInfo info = ctx.files.get(dep);
        if (!info.regular) {
            spdlog::debug("not storing: dependency {} is not a regular file", dep);
            return counter::kNotStored;
        }
        if (info.has_time_macro && !compile.source_date_epoch) return "time_macros";
        if (info.mtime_ns >= started_ns - kTimestampTickMarginNs || info.ctime_ns >= started_ns - kTimestampTickMarginNs) {
            spdlog::debug("not storing: {} was modified during the compile", dep);
            return counter::kNotStored;
        }
    }
    return {};
}

void store_entry(DaemonContext& ctx, const PreparedCompile& compile, const std::vector<std::string>& deps,
                 const common::Hash128& blob, int64_t size, const std::string& dep_text,
                 const RunResult& run, int64_t compile_ns) {
    cache::ManifestEntry entry;
    for (const std::string& dep : deps) entry.deps.push_back({dep, ctx.files.get(dep).hash.bytes()});
    entry.absent = cache::shadowing_candidates(compile.search_dirs, deps,
                                               [&](const std::string& path) { return ctx.files.get(path).exists; });
    entry.exit_code = run.exit_code;
    entry.stdout_data = run.stdout_data;
    entry.stderr_data = run.stderr_data;
    entry.has_dep_file = !compile.dep_file_path.empty();
    if (entry.has_dep_file) entry.dep_file_text = dep_text;
    entry.outputs.push_back({std::string(cache::output_kind::kObject), blob.bytes(), size});
    entry.created_ns = common::now_realtime_ns();
    entry.compile_ns = compile_ns;

    cache::Manifest manifest;
    std::shared_ptr<LiveManifest> live;
    if (ctx.manifests.load(compile.key, compile.remap, live) == ManifestCache::Load::kFound) manifest = live->manifest;
    cache::add_entry(manifest, std::move(entry));
    ctx.manifests.store(compile.key, compile.remap, manifest);
    ctx.evictor.note_use(compile.key);
    ctx.evictor.note_stored(static_cast<uint64_t>(size));
}

// A compile can fail only because it wrote into our tmp/: then the cache, not the code, is at fault.
bool cache_filesystem_unusable(DaemonContext& ctx) {
    constexpr uint64_t kMinFreeBytes = 1u << 20;
    struct statvfs fs;
    if (::statvfs((ctx.cache_root + "/tmp").c_str(), &fs) != 0) return true;
    return (fs.f_flag & ST_RDONLY) != 0 || static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < kMinFreeBytes;
}


}  // namespace

protocol::CompileReply compile_and_store(DaemonContext& ctx, const PreparedCompile& compile, int client_fd,
                                         std::string_view why_missed) {
    const protocol::CompileRequest& request = *compile.request;
    TempFiles temp{ctx.artifacts.temp_path(".o"), ctx.artifacts.temp_path(".d")};
    // argv[0] as the resolved path, for the reason given in client/passthrough.cpp.
    std::vector<std::string> argv{compile.compiler.path};
    for (std::string& arg : compiler::miss_command(compile.invocation, compile.compiler.family, temp.object, temp.dep_file)) {
        argv.push_back(std::move(arg));
    }

    ActiveCompile active(ctx);
    int64_t started_ns = common::now_realtime_ns();
    int nice = ctx.priority.nice_increment(common::env_lookup(request.env, "ZCCACHE_COMPILE_PRIORITY"));
    RunResult run = run_compiler(compile.compiler.path, argv, request.env, request.cwd, client_fd, nice);
    int64_t compile_ns = common::now_realtime_ns() - started_ns;
    if (!run.started) return passthrough(ctx, "compiler_spawn_failed", compile.compiler.path);

    protocol::CompileReply reply;
    reply.exit_code = run.exit_code;
    replay_output(compile, run.stdout_data, run.stderr_data, reply);
    if (run.exit_code != 0 && !run.client_gone && cache_filesystem_unusable(ctx)) {
        return passthrough(ctx, "cache_disk_full", compile.compiler.path);
    }
    if (run.client_gone || run.exit_code != 0) {
        ctx.stats.count(counter::kError);
        reply.outcome = protocol::outcome::kError;
        // clang removes its output when a compile fails; gcc leaves an old one alone.
        if (compile.compiler.family == compiler::Family::kClang) ::unlink(compile.output_path.c_str());
        return reply;
    }

    std::string dep_text = common::read_file(temp.dep_file).value_or("");
    std::vector<std::string> deps = compiler::parse_dep_file(dep_text);
    for (std::string& dep : deps) dep = common::absolute_from(request.cwd, dep);
    std::string_view not_storable = why_not_storable(ctx, compile, deps, started_ns);

    std::string deliver_from = temp.object;
    common::Hash128 blob;
    int64_t size = 0;
    bool stored = not_storable.empty() && ctx.artifacts.publish(temp.object, blob, size);
    if (stored) deliver_from = ctx.artifacts.blob_path(blob);

    if (store::deliver(deliver_from, compile.output_path, ctx.delivery) == store::Delivered::kFailed ||
        (!compile.dep_file_path.empty() && !common::write_file_atomic(compile.dep_file_path, dep_text))) {
        // Let the client run the compiler itself, so the user sees the compiler's own error.
        return passthrough(ctx, "destination_write_failed", compile.compiler.path);
    }
    if (stored) {
        ctx.blobs.remember(deliver_from, blob);
        store_entry(ctx, compile, deps, blob, size, dep_text, run, compile_ns);
        ctx.stats.count(counter::kMiss);
    } else if (not_storable == counter::kNotStored) {
        ctx.stats.count(counter::kMiss);
        ctx.stats.count(counter::kNotStored);
    } else {
        ctx.stats.count_uncacheable(not_storable);
        why_missed = miss_reason::kUncacheableInput;
    }
    reply.outcome = protocol::outcome::kMiss;
    reply.reason = why_missed;
    return reply;
}

}  // namespace zc::daemon
