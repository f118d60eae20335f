// The hit path: find a manifest entry whose recorded inputs are all unchanged, check its blobs,
// and put its outputs in place. Memory work when the metadata cache is warm.

#include "daemon/hit_path.h"

#include <algorithm>

#include "cache/manifest.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "daemon/job.h"
#include "daemon/manifest_cache.h"
#include "daemon/replies.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// How the newest cached compile's inputs differ from the files now, for `explain`.
std::vector<std::string> describe_changes(DaemonContext& ctx, const cache::ManifestEntry& entry) {
    constexpr size_t kMaxChanges = 8;
    std::vector<std::string> out;
    for (const cache::Dependency& dep : entry.deps) {
        if (out.size() >= kMaxChanges) break;
        meta::FileInfo info = ctx.files.get(dep.path);
        if (!info.exists) {
            out.push_back("removed: " + dep.path);
        } else if (info.hash.bytes() != dep.hash) {
            out.push_back("changed: " + dep.path);
        }
    }
    for (const std::string& path : entry.absent) {
        if (out.size() >= kMaxChanges) break;
        if (ctx.files.get(path).exists) out.push_back("now shadows a header the cached compile used: " + path);
    }
    return out;
}

// rustc's env!/option_env! variables have the values the cached compile saw.
bool environment_unchanged(const cache::ManifestEntry& entry, const protocol::CompileRequest& request) {
    for (const cache::EnvDependency& var : entry.env_deps) {
        auto value = common::env_lookup(request.env, var.name);
        if (value.has_value() != var.set || (value && *value != var.value)) return false;
    }
    return true;
}

enum class Delivery { kDone, kBrokenEntry, kDestinationFailed, kNotWhatNinjaRecorded };

// Ninja takes a restored object as current with the inputs its deps log lists, if the object
// is no newer than the record: the entry's dep file must list exactly those, in order. Compared
// by hash (each side worked out once: the record's when the log is read, the entry's by its
// validator), since a warm restore does this for every object of the build.
bool ninja_record_agrees(const Job& compile, const cache::ManifestEntry& entry, EntryValidator& validator,
                         int64_t newest_input_ns) {
    const analysis::NinjaDepsLog::Record& record = *compile.ninja_record;
    return newest_input_ns <= record.mtime_ns &&
           validator.dep_inputs_hash(entry, compile.request->cwd) == record.inputs_hash;
}

// `validator` has just proven `entry`'s inputs unchanged.
Delivery deliver_entry(DaemonContext& ctx, const Job& compile, const cache::ManifestEntry& entry,
                       EntryValidator& validator) {
    if ((entry.outputs.empty() && !compile.result_is_output) || entry.has_dep_file != !compile.dep_file_path.empty()) {
        return Delivery::kBrokenEntry;
    }
    // What a restore dates its outputs against: the newest of the entry's inputs as they are now.
    int64_t newest_input_ns = compile.restore_only ? validator.newest_input_mtime(ctx.files, entry) : 0;
    bool for_ninja = compile.ninja_record != nullptr;
    if (for_ninja && !ninja_record_agrees(compile, entry, validator, newest_input_ns))
        return Delivery::kNotWhatNinjaRecorded;
    // Every blob is checked before any is delivered, so a broken entry leaves no partial set.
    std::vector<std::pair<std::string, common::Hash128>> blobs;
    for (const cache::OutputRecord& output : entry.outputs) {
        common::Hash128 hash;
        if (!common::Hash128::from_bytes(output.blob, hash)) return Delivery::kBrokenEntry;
        std::string blob = ctx.artifacts.blob_path(hash);
        if (!ctx.blobs.verify(blob, hash)) {
            ctx.artifacts.remove_blob(hash);
            return Delivery::kBrokenEntry;
        }
        blobs.emplace_back(std::move(blob), hash);
    }
    if (compile.look_up_only) {
        if (blobs.size() != 1 || entry.has_dep_file || !compile.facts) return Delivery::kBrokenEntry;
        compile.facts->looked_up = blobs[0].second;
        return Delivery::kDone;
    }
    for (size_t i = 0; i < entry.outputs.size(); ++i) {
        const cache::OutputRecord& output = entry.outputs[i];
        const std::string& dest = output.path.empty() ? compile.output_path : output.path;
        if (output.kind == cache::output_kind::kFormatted) {
            // A source the user edits: rewritten (as a copy) only where its text changes.
            if (ctx.files.get(dest).hash == blobs[i].second) continue;
            if (store::deliver(blobs[i].first, dest, store::DeliveryMode::kCopy, output.mode) ==
                store::Delivered::kFailed) {
                return Delivery::kDestinationFailed;
            }
            continue;
        }
        // ranlib (and `ar r` on it later) rewrites an archive in place, and a restore re-dates
        // what it delivers: never a hardlink to the blob.
        store::DeliveryMode mode = (output.kind == cache::output_kind::kArchive || compile.restore_only) &&
                                           ctx.delivery == store::DeliveryMode::kHardlink
                                       ? store::DeliveryMode::kAuto
                                       : ctx.delivery;
        if (store::deliver(blobs[i].first, dest, mode, compile.output_mode(output.mode)) == store::Delivered::kFailed) {
            return Delivery::kDestinationFailed;
        }
        ctx.blobs.remember(blobs[i].first, blobs[i].second);
        if (compile.restore_only && compile.facts) {
            compile.facts->delivered.push_back(dest);
            if (dest == compile.output_path) compile.facts->delivered_output = blobs[i].second;
        }
    }
    bool dep_file = entry.has_dep_file && !for_ninja;
    if (dep_file && !common::write_file_replacing(compile.dep_file_path, entry.dep_file_text, compile.output_mode())) {
        return Delivery::kDestinationFailed;
    }
    if (compile.restore_only && compile.facts) {
        if (dep_file) compile.facts->delivered.push_back(compile.dep_file_path);
        compile.facts->newest_input_ns = newest_input_ns;
    }
    return Delivery::kDone;
}

}  // namespace

bool serve_hit(DaemonContext& ctx, const Job& compile, protocol::CompileReply& reply, Reason& why_missed) {
    why_missed = Reason::kContextNotFound;
    std::shared_ptr<LiveManifest> live;
    ManifestCache::Load load = ctx.manifests.load(compile.key, compile.remap, live);
    if (load == ManifestCache::Load::kBroken) ctx.stats.count(Reason::kDroppedEntry);
    if (load != ManifestCache::Load::kFound) return false;
    why_missed = Reason::kInputFingerprintMismatch;

    cache::Manifest& manifest = live->manifest;
    bool dropped = false;
    bool served = false;
    for (size_t i = 0; i < manifest.entries.size();) {
        const cache::ManifestEntry& entry = manifest.entries[i];
        if (!environment_unchanged(entry, *compile.request) ||
            !live->validators[i].inputs_unchanged(ctx.files, ctx.watcher, entry)) {
            ++i;
            continue;
        }
        Delivery delivery = deliver_entry(ctx, compile, entry, live->validators[i]);
        if (delivery == Delivery::kNotWhatNinjaRecorded) {
            if (compile.facts) compile.facts->ninja_record_differs = true;
            ++i;
            continue;
        }
        if (delivery == Delivery::kBrokenEntry) {
            manifest.entries.erase(manifest.entries.begin() + static_cast<ptrdiff_t>(i));
            live->validators.erase(live->validators.begin() + static_cast<ptrdiff_t>(i));
            dropped = true;
            ctx.stats.count(Reason::kDroppedEntry);
            why_missed = Reason::kNoArtifactForKey;
            continue;
        }
        if (delivery == Delivery::kDone) {
            if (compile.facts && compile.remap.active() && !entry.origin.empty() &&
                entry.origin != compile.remap.origin()) {
                compile.facts->worktree_hit = true;
            }
            reply.outcome = protocol::outcome::kHit;
            reply.exit_code = entry.exit_code;
            replay_output(compile, entry.stdout_data, entry.stderr_data, reply);
            ctx.evictor.note_use(compile.key);
            if (compile.facts) compile.facts->saved_ns = entry.compile_ns;
            served = true;
        }
        break;  // a destination we cannot write: let the miss path report it as the compiler would
    }
    if (!served && why_missed == Reason::kInputFingerprintMismatch && compile.facts && !manifest.entries.empty()) {
        compile.facts->changed_inputs = describe_changes(ctx, manifest.entries.front());
        // Root-relative paths matched a sibling's entry, but the files here differ from its inputs.
        std::string ours = compile.remap.origin();
        bool sibling =
            std::any_of(manifest.entries.begin(), manifest.entries.end(),
                        [&](const cache::ManifestEntry& e) { return !e.origin.empty() && e.origin != ours; });
        if (sibling && compile.facts->worktree == reasons::Worktree::kShared) {
            compile.facts->worktree = reasons::Worktree::kContentHashMismatch;
        }
    }
    if (dropped) {
        // A write the index refuses leaves its old manifest, and memory nothing: the next lookup
        // decodes the broken entry again and drops it again, never serving it.
        if (manifest.entries.empty()) {
            ctx.manifests.erase(compile.key);
        } else {
            ctx.manifests.store(compile.key, compile.remap, manifest);
        }
    }
    return served;
}

}  // namespace zc::daemon
