// zccache-cli: the subcommands of `zccache` (start, stop, status, clear, config). The client
// execs this binary for them, so that the compile path never loads CLI11 or nlohmann-json.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/daemon_client.h"
#include "cli/explain_command.h"
#include "cli/session_commands.h"
#include "cli/status_report.h"
#include "cli/warm_build_command.h"
#include "cli/warm_command.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/settings.h"
#include "ipc/daemon_start.h"
#include "ipc/wedged_daemon.h"
#include "store/artifact_store.h"
#include "store/cache_index.h"
#include "store/index.h"
#include "store/status_counters.h"

namespace {

using namespace zc;

int fail(const std::string& message) {
    fmt::print(stderr, "zccache: {}\n", message);
    return 1;
}

int cmd_start() {
    common::UniqueFd fd(ipc::connect_or_start_daemon(common::endpoint_path()));
    if (!fd.valid()) return fail("could not start the daemon (see " + common::cache_root() + "/logs/daemon.log)");
    fmt::print("zccache: daemon running at {}\n", common::endpoint_path());
    return 0;
}

int cmd_stop() {
    std::string endpoint = common::endpoint_path();
    ipc::DaemonPeer peer;
    common::UniqueFd fd(ipc::connect_to_daemon(endpoint, nullptr, &peer));
    if (!fd.valid()) {
        fmt::print("zccache: daemon not running\n");
        return 0;
    }
    if (!cli::ask_daemon(fd.get(), protocol::type::kStop)) {
        // Stopped or wedged: what `stop` is for is then a kill (see client/wedged_daemon.h).
        if (ipc::stop_wedged_daemon(fd.get(), peer.pid) != ipc::WedgedDaemon::kKilled) {
            return fail("daemon did not answer");
        }
        fmt::print("zccache: daemon (pid {}) did not answer; killed it\n", peer.pid);
        return 0;
    }
    fd.reset();
    // Wait until it has let go of its socket, so that a `start` right after gets a new daemon.
    for (int i = 0; i < 500; ++i) {
        common::UniqueFd probe(ipc::connect_to_daemon(endpoint));
        if (!probe.valid()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    fmt::print("zccache: daemon stopped\n");
    return 0;
}

int cmd_status(bool json) {
    cli::StatusView view;
    common::UniqueFd fd(ipc::connect_to_daemon(common::endpoint_path()));
    std::optional<protocol::Envelope> reply;
    if (fd.valid()) reply = cli::ask_daemon(fd.get(), protocol::type::kStatus);
    if (reply && reply->type == protocol::type::kStatusResult) {
        auto status = protocol::body_as<protocol::StatusReply>(*reply);
        if (!status) return fail("malformed status reply");
        view.daemon_running = true;
        view.status = std::move(*status);
    } else {
        std::string error;
        if (!cli::read_offline_status(common::cache_root(), view, error)) return fail(error);
    }
    fmt::print("{}", json ? cli::format_status_json(view) : cli::format_status_text(view));
    return 0;
}

int cmd_clear() {
    common::UniqueFd fd(ipc::connect_to_daemon(common::endpoint_path()));
    if (fd.valid()) {
        auto reply = cli::ask_daemon(fd.get(), protocol::type::kClear);
        if (!reply || reply->type != protocol::type::kOk) return fail("daemon could not clear the cache");
    } else {
        std::string root = common::cache_root();
        std::string error;
        auto index = store::open_cache_index(root, error);
        if (!index) return fail(error);
        std::map<std::string, uint64_t> zeroes;
        for (const auto& [name, n] : index->read_counters()) zeroes[name] = 0;
        if (!index->clear_manifests() || !index->write_counters(zeroes)) return fail("the index could not be cleared");
        store::ArtifactStore artifacts(root);
        artifacts.clear();
        artifacts.empty_trash();  // no daemon to do it later
        store::reset_fallback_count(root);
    }
    fmt::print("zccache: cache cleared\n");
    return 0;
}

int cmd_config() {
    for (const common::ConfigKey& key : common::config_keys()) {
        common::ConfigValue value = common::config_value(key.name);
        std::string_view origin = value.origin == common::ValueOrigin::kEnvironment  ? "environment"
                                  : value.origin == common::ValueOrigin::kConfigFile ? "config file"
                                                                                     : "default";
        fmt::print("{:<20} {:<28} {:<30} ({}{})\n", key.name, key.env, value.value.empty() ? "-" : value.value, origin,
                   key.in_file ? "" : ", environment only");
    }
    fmt::print("{:<20} {:<28} {}\n", "(derived)", "cache root", common::cache_root());
    fmt::print("{:<20} {:<28} {}\n", "(derived)", "socket", common::endpoint_path());
    fmt::print("{:<20} {:<28} {}\n", "(derived)", "config file", common::config_file_path());
    return 0;
}

}  // namespace

// After the subcommands in `zccache --help`: the compile form and every setting.
std::string help_footer() {
    std::string out =
        "\nCompile through the cache:\n"
        "  zccache [--strict-paths=off|consistent|absolute] <compiler> [compiler args...]\n"
        "  (a symlink to zccache named after a tool, such as gcc, clang++ or rustfmt, caches that\n"
        "  tool; RUSTC_WRAPPER=zccache caches cargo's rustc)\n\nSettings (`zccache config` shows their values):\n";
    for (const common::ConfigKey& key : common::config_keys()) {
        out += fmt::format("  {:<28} {}\n", key.env, key.description);
    }
    // Read per compile from the build's environment, never from config.toml.
    constexpr std::pair<std::string_view, std::string_view> kPerBuild[] = {
        {"ZCCACHE_SESSION_ID", "count this build's compiles in a session (zccache session-start)"},
        {"ZCCACHE_PATH_REMAP", "auto = sibling worktrees and clones share entries"},
        {"ZCCACHE_WORKTREE_ROOT", "the root ZCCACHE_PATH_REMAP maps (default: the git root)"},
        {"ZCCACHE_STRICT_PATHS", "off|consistent|absolute (1) = check include paths, as --strict-paths"},
        {"ZCCACHE_COMPILER_CHECK", "what keys the compiler: content|mtime|none|string:TEXT|a command"},
        {"ZCCACHE_LOG_LEVEL", "the daemon's log level (debug, info, warn)"},
    };
    for (const auto& [name, what] : kPerBuild) out += fmt::format("  {:<28} {}\n", name, what);
    return out;
}

int run(int argc, char** argv) {
    CLI::App app{"zccache: a daemon-backed compiler cache"};
    app.name("zccache");
    app.footer(help_footer());
    app.require_subcommand(1);
    bool json = false;
    auto* start = app.add_subcommand("start", "start the daemon for this cache root");
    auto* stop = app.add_subcommand("stop", "stop the daemon");
    auto* status = app.add_subcommand("status", "show the daemon, cache size and counters");
    status->add_flag("--json", json, "machine-readable output");
    auto* clear = app.add_subcommand("clear", "remove every cached entry and reset the counters");
    auto* config = app.add_subcommand("config", "show every setting, its variable and its origin");
    bool session_stats_flag = false;
    std::string session_log, session_journal, session_id;
    auto* session_start = app.add_subcommand("session-start", "open a session; prints its id as JSON");
    session_start->add_flag("--stats", session_stats_flag, "print `export ZCCACHE_SESSION_ID=...` for eval");
    session_start->add_option("--log", session_log, "a human-readable log of the session's compiles");
    session_start->add_option("--journal", session_journal, "the session's own compile journal (.jsonl)");
    auto* session_stats = app.add_subcommand("session-stats", "a session's counters so far");
    session_stats->add_option("id", session_id, "session id")->required();
    session_stats->add_flag("--json", json, "machine-readable output");
    auto* session_end = app.add_subcommand("session-end", "close a session and print its final counters");
    session_end->add_option("id", session_id, "session id")->required();
    session_end->add_flag("--json", json, "machine-readable output");
    std::string explain_output, explain_line;
    auto* explain = app.add_subcommand("explain", "why the last compile of an output hit, missed or was not cached");
    auto* explain_file = explain->add_option("output", explain_output, "the object file");
    auto* explain_journal = explain->add_option("--journal-line", explain_line, "a line of a compile journal");
    explain_file->excludes(explain_journal);
    explain->require_option(1);
    std::string warm_target = "target", warm_lock = "Cargo.lock", warm_commands;
    auto* warm = app.add_subcommand("warm",
                                    "before a build: restore the cached objects of a C/C++ compile database "
                                    "(--compile-commands), or fill a cargo target dir with Cargo.lock's crates");
    auto* warm_target_option =
        warm->add_option("--target-dir", warm_target, "the cargo target directory")->capture_default_str();
    auto* warm_lock_option =
        warm->add_option("--lockfile", warm_lock, "the Cargo.lock naming the crates")->capture_default_str();
    auto* warm_commands_option =
        warm->add_option("--compile-commands", warm_commands, "a compile_commands.json: restore its compiles' hits");
    warm_commands_option->excludes(warm_target_option)->excludes(warm_lock_option);
    warm->add_flag("--json", json, "machine-readable output (with --compile-commands)");
    auto* help = app.add_subcommand("help", "show this help");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        fmt::print(stderr, "zccache: {} (see 'zccache --help')\n", what);
        return 2;
    }
    if (*start) return cmd_start();
    if (*stop) return cmd_stop();
    if (*status) return cmd_status(json);
    if (*clear) return cmd_clear();
    if (*config) return cmd_config();
    if (*explain) {
        return explain_line.empty() ? cli::explain_output(explain_output) : cli::explain_journal_line(explain_line);
    }
    if (*warm) {
        return warm_commands.empty() ? cli::warm_target_dir(warm_target, warm_lock)
                                     : cli::warm_compile_commands(warm_commands, json);
    }
    if (*session_start) return cli::session_start(session_stats_flag, session_log, session_journal);
    if (*session_stats) return cli::session_summary(session_id, false, json);
    if (*session_end) return cli::session_summary(session_id, true, json);
    if (*help) {  // the whole command list (app.help() would describe `help` itself)
        fmt::print("{}", app.get_formatter()->make_help(&app, "zccache", CLI::AppFormatMode::Normal));
        return 0;
    }
    return 2;
}

int main(int argc, char** argv) {
    // A failure no command expected (a full disk under fmt, a bad allocation) is one line and
    // exit 1, not an abort.
    // The handlers print with stdio, which cannot throw, so nothing escapes main.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zccache: %s\n", e.what());
    } catch (...) {
        std::fputs("zccache: unexpected failure\n", stderr);
    }
    return 1;
}
