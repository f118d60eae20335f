// The hit path: find a manifest entry whose recorded inputs are all unchanged, check its blobs,
// and put its outputs in place. Memory work when the metadata cache is warm.

#include "cache/manifest.h"
#include "common/fs.h"
#include "daemon/prepared_compile.h"

namespace zc::daemon {

namespace {

bool inputs_unchanged(DaemonContext& ctx, const cache::ManifestEntry& entry) {
    for (const cache::Dependency& dep : entry.deps) {
        meta::FileInfo info = ctx.files.get(dep.path);
        common::Hash128 recorded;
        if (!info.regular || !common::Hash128::from_bytes(dep.hash, recorded) || info.hash != recorded) return false;
    }
    for (const std::string& path : entry.absent) {
        if (ctx.files.get(path).exists) return false;  // a header now shadows a dependency
    }
    return true;
}

enum class Delivery { kDone, kBrokenEntry, kDestinationFailed };

Delivery deliver_entry(DaemonContext& ctx, const PreparedCompile& compile, const cache::ManifestEntry& entry) {
    if (entry.outputs.size() != 1 || entry.has_dep_file != !compile.dep_file_path.empty()) {
        return Delivery::kBrokenEntry;
    }
    const cache::OutputRecord& output = entry.outputs[0];
    common::Hash128 hash;
    if (!common::Hash128::from_bytes(output.blob, hash)) return Delivery::kBrokenEntry;
    std::string blob = ctx.artifacts.blob_path(hash);
    if (!ctx.blobs.verify(blob, hash)) {
        ctx.artifacts.remove_blob(hash);
        return Delivery::kBrokenEntry;
    }
    if (store::deliver(blob, compile.output_path, ctx.delivery) == store::Delivered::kFailed) {
        return Delivery::kDestinationFailed;
    }
    ctx.blobs.remember(blob, hash);
    if (entry.has_dep_file && !common::write_file_atomic(compile.dep_file_path, entry.dep_file_text)) {
        return Delivery::kDestinationFailed;
    }
    return Delivery::kDone;
}

}  // namespace

bool serve_hit(DaemonContext& ctx, const PreparedCompile& compile, protocol::CompileReply& reply) {
    auto bytes = ctx.index.get_manifest(compile.key);
    if (!bytes) return false;
    auto manifest = cache::decode_manifest(*bytes);
    if (!manifest) {
        ctx.index.erase_manifest(compile.key);
        ctx.stats.count(counter::kDroppedEntry);
        return false;
    }
    bool dropped = false;
    bool served = false;
    for (auto it = manifest->entries.begin(); it != manifest->entries.end();) {
        if (!inputs_unchanged(ctx, *it)) {
            ++it;
            continue;
        }
        Delivery delivery = deliver_entry(ctx, compile, *it);
        if (delivery == Delivery::kBrokenEntry) {
            it = manifest->entries.erase(it);
            dropped = true;
            ctx.stats.count(counter::kDroppedEntry);
            continue;
        }
        if (delivery == Delivery::kDone) {
            reply.outcome = protocol::outcome::kHit;
            reply.exit_code = it->exit_code;
            replay_output(compile, it->stdout_data, it->stderr_data, reply);
            served = true;
        }
        break;  // a destination we cannot write: let the miss path report it as the compiler would
    }
    if (dropped) {
        if (manifest->entries.empty()) {
            ctx.index.erase_manifest(compile.key);
        } else {
            ctx.index.put_manifest(compile.key, cache::encode_manifest(*manifest));
        }
    }
    return served;
}

}  // namespace zc::daemon
