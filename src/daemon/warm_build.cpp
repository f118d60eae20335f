#include "daemon/warm_build.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/fs.h"
#include "common/paths.h"
#include "compiler/invocation.h"
#include "daemon/pipeline.h"
#include "daemon/warm_archives.h"

namespace zc::daemon {

namespace {

// CMake's compile database leaves out the dep-file flags its Ninja and Makefile rules add
// (`-MD -MT <out> -MF <out>.d`, before `-o <out>`): the command the build runs, and the one
// cached. Dep-file flags do not change the object, so serving that command's entry is right
// whichever the build runs.
std::optional<std::vector<std::string>> cmake_rule_command(const std::vector<std::string>& argv) {
    if (argv.empty()) return std::nullopt;
    // Asks for dependency output already, or is nothing the cache takes: as it stands.
    compiler::Invocation inv = compiler::parse_invocation({argv.begin() + 1, argv.end()});
    if (!inv.cacheable() || inv.dep_mode != compiler::DepMode::kNone || !inv.dep_file.empty()) return std::nullopt;
    for (size_t i = 1; i + 1 < argv.size(); ++i) {
        if (argv[i] != "-o") continue;
        std::vector<std::string> rule(argv.begin(), argv.begin() + static_cast<ptrdiff_t>(i));
        const std::string& out = argv[i + 1];
        for (const std::string& arg : {std::string("-MD"), std::string("-MT"), out, std::string("-MF"), out + ".d"}) {
            rule.push_back(arg);
        }
        rule.insert(rule.end(), argv.begin() + static_cast<ptrdiff_t>(i), argv.end());
        return rule;
    }
    return std::nullopt;
}

// The build directory's manifest, when ninja builds there: a build.ninja, no makefile that make
// would read the dep files for, and the logs where ninja keeps them (no `builddir` elsewhere).
std::optional<std::string> ninja_manifest_text(const std::string& build_dir) {
    if (build_dir.empty()) return std::nullopt;
    std::optional<std::string> manifest = common::read_regular_file(build_dir + "/build.ninja");
    if (!manifest || manifest->starts_with("builddir") || manifest->find("\nbuilddir") != std::string::npos) {
        return std::nullopt;
    }
    struct stat st;
    for (const char* name : {"Makefile", "makefile", "GNUmakefile"}) {
        if (::stat((build_dir + "/" + name).c_str(), &st) == 0) return std::nullopt;
    }
    return manifest;
}

std::optional<analysis::NinjaDepsLog> ninja_deps_log(const std::string& build_dir) {
    std::optional<std::string> log = common::read_regular_file(build_dir + "/.ninja_deps");
    return log ? analysis::NinjaDepsLog::parse(*log, build_dir) : std::nullopt;
}

// What the restores must know of ninja's graph (NinjaBuild), or nullopt when the manifest is not
// understood well enough to know which steps an object feeds: a path from a variable, inputs a
// dyndep file adds at build time.
std::optional<NinjaBuild> ninja_build(const analysis::NinjaManifest& manifest, const std::string& build_dir) {
    NinjaBuild ninja;
    struct stat st;
    for (const analysis::NinjaManifest::Edge& edge : manifest.edges()) {
        if (!edge.literal_paths || manifest.lookup(edge, "dyndep")) return std::nullopt;
        bool present = false;
        for (const auto* outputs : {&edge.outputs, &edge.implicit_outputs}) {
            for (const std::string& output : *outputs) {
                present = present || ::lstat(common::absolute_from(build_dir, output).c_str(), &st) == 0;
            }
        }
        if (!present) continue;
        for (const auto* inputs : {&edge.inputs, &edge.implicit_inputs}) {  // order-only ones rebuild nothing
            for (const std::string& input : *inputs) {
                ninja.feeding_present.insert(common::lexically_normal(common::absolute_from(build_dir, input)));
            }
        }
    }
    return ninja;
}

}  // namespace

protocol::WarmBuildReply warm_build(DaemonContext& ctx, const protocol::WarmBuildRequest& request, ClientLink& client) {
    size_t count = std::min(request.cwds.size(), request.argvs.size());
    std::vector<Restore> outcomes(count, Restore::kSkipped);
    std::vector<RestoredObject> restored(count);
    size_t to_restore = count;
    // One drain for the whole build: every change made before the request is known.
    WatcherDrained drained = drain_watcher(ctx);
    std::optional<std::string> manifest_text = ninja_manifest_text(request.build_dir);
    std::optional<analysis::NinjaManifest> manifest;
    std::optional<NinjaBuild> ninja;
    std::optional<analysis::NinjaDepsLog> deps_log;
    if (manifest_text) {
        // Ninja builds here: without its graph, nothing can be restored safely. The graph and
        // the deps log are read side by side (each a few milliseconds for a large build).
        std::thread graph([&] {
            try {
                manifest = analysis::NinjaManifest::parse(*manifest_text, request.build_dir);
                if (manifest) ninja = ninja_build(*manifest, request.build_dir);
            } catch (const std::exception&) {
                ninja.reset();  // not understood: as if unreadable (an exception here would end the daemon)
            }
        });
        deps_log = ninja_deps_log(request.build_dir);
        graph.join();
        if (!ninja) to_restore = 0;
        if (ninja && deps_log) ninja->deps_log = &*deps_log;
    }
    const NinjaBuild* ninja_view = ninja ? &*ninja : nullptr;
    std::atomic<size_t> next{0};
    auto restore = [&] {
        for (size_t i = next++; i < to_restore; i = next++) {
            if (client.gone()) return;  // nobody waits for the rest; the build compiles them
            protocol::CompileRequest compile;
            compile.cwd = request.cwds[i];
            compile.argv = request.argvs[i];
            compile.env = request.env;
            compile.umask = request.umask;
            std::optional<std::vector<std::string>> rule = cmake_rule_command(compile.argv);
            if (rule) {
                // The rule's command first: a hit there delivers the dep file the build expects.
                protocol::CompileRequest as_run = compile;
                as_run.argv = std::move(*rule);
                outcomes[i] = restore_compile(ctx, as_run, client, drained, ninja_view, restored[i]);
                if (outcomes[i] != Restore::kMissed) continue;
            }
            Restore as_listed = restore_compile(ctx, compile, client, drained, ninja_view, restored[i]);
            // The build runs the rule's command, which missed: that is the outcome to report.
            outcomes[i] = rule && as_listed == Restore::kSkipped ? Restore::kMissed : as_listed;
        }
    };
    std::vector<std::thread> workers;
    size_t helpers = std::min<size_t>(to_restore, std::max(1u, std::thread::hardware_concurrency())) -
                     std::min<size_t>(to_restore, 1);
    for (size_t w = 0; w < helpers; ++w) workers.emplace_back(restore);
    restore();
    for (std::thread& worker : workers) worker.join();

    RestoreTally compiles;
    RestoredObjects objects;
    for (size_t i = 0; i < count; ++i) {
        compiles.add(outcomes[i], restored[i].path);
        if (outcomes[i] == Restore::kRestored)
            objects.emplace(common::lexically_normal(restored[i].path), &restored[i]);
    }
    RestoreTally archives;
    if (ninja && !client.gone()) {
        archives = restore_archives(ctx, request, analysis::cmake_archive_steps(*manifest), *ninja, objects, client);
    }
    protocol::WarmBuildReply reply;
    reply.restored = compiles.restored;
    reply.missed = compiles.missed;
    reply.present = compiles.present;
    reply.skipped = compiles.skipped;
    reply.restored_outputs = std::move(compiles.outputs);
    reply.archives_restored = archives.restored;
    reply.archives_missed = archives.missed;
    reply.archives_present = archives.present;
    reply.archives_skipped = archives.skipped;
    reply.restored_archives = std::move(archives.outputs);
    return reply;
}

}  // namespace zc::daemon
