// zccache-daemon: one per cache root. Started by the client (`--ready-fd` tells it when the
// socket listens), detached, and gone after the idle timeout.

#include <fcntl.h>
#include <signal.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "common/config.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "common/settings.h"
#include "daemon/crash_report.h"
#include "daemon/server.h"
#include "ipc/connect.h"
#include "ipc/listen.h"
#include "store/cache_index.h"

namespace {

int g_wake_pipe[2] = {-1, -1};

// Manifests kept decoded in memory, with their validators: at most this many, and at most
// ManifestCache::kDefaultBudgetBytes of them (a compile of many headers takes tens of KiB).
constexpr size_t kLiveManifests = 8192;
constexpr uint64_t kJournalRotateBytes = uint64_t{64} << 20;

void on_stop_signal(int) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(g_wake_pipe[1], &byte, 1);
}

std::string sibling_client_path() {
    return zc::common::executable_directory() + "/zccache";
}

enum class LockOutcome { kTaken, kOtherDaemonServes, kTimedOut };

bool daemon_answers(const std::string& endpoint) {
    return zc::common::UniqueFd(zc::ipc::connect_to_daemon(endpoint)).valid();
}

// The lock is held by a daemon for its whole life. One that holds it but no longer answers is
// on its way out (stop, idle timeout): wait for it rather than leave the client without one.
LockOutcome take_lifetime_lock(int fd, const std::string& endpoint) {
    constexpr int kAttempts = 500;  // 5 s
    for (int i = 0; i < kAttempts; ++i) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return LockOutcome::kTaken;
        if (daemon_answers(endpoint)) return LockOutcome::kOtherDaemonServes;
        ::usleep(10'000);
    }
    return LockOutcome::kTimedOut;
}

void signal_ready(int ready_fd) {
    if (ready_fd < 0) return;
    char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(ready_fd, &byte, 1);
    ::close(ready_fd);
}

constexpr const char* kUsage =
    "usage: zccache-daemon [--ready-fd N]\n"
    "The zccache daemon for the cache root in ZCCACHE_CACHE_DIR (`zccache config` shows it): it\n"
    "answers the compiles of `zccache`, which starts it on demand (or `zccache start`), and exits\n"
    "after ZCCACHE_IDLE_TIMEOUT_SECS without requests. --ready-fd: write one byte to fd N once it\n"
    "listens. Its log is <root>/logs/daemon.log.\n";

}  // namespace

int main(int argc, char** argv) {
    int ready_fd = -1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--ready-fd") == 0 && i + 1 < argc) {
            ready_fd = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-V") == 0) {
            std::puts("zccache-daemon " ZCCACHE_VERSION);
            return 0;
        } else {
            std::fprintf(stderr, "zccache-daemon: unknown argument '%s'\n%s", argv[i], kUsage);
            return 2;
        }
    }
    using namespace zc;
    std::string root = common::cache_root();
    std::string endpoint = common::endpoint_path();
    // Before anything is written there: every directory the cache writes to is ours alone.
    for (const std::string& dir : {root, root + "/logs", root + "/tmp", root + "/artifacts", root + "/index",
                                   root + "/crashes", std::string(common::dir_name(endpoint))}) {
        std::string why;
        if (!common::private_directory(dir, why)) {
            std::fprintf(stderr, "zccache-daemon: %s\n", why.c_str());
            return 1;
        }
    }
    auto logger = spdlog::basic_logger_mt("daemon", root + "/logs/daemon.log");
    spdlog::set_default_logger(logger);
    spdlog::flush_on(spdlog::level::info);
    if (auto level = common::process_env("ZCCACHE_LOG_LEVEL"))
        spdlog::set_level(spdlog::level::from_str(std::string(*level)));

    // One daemon per endpoint: the lock is held for the daemon's whole life.
    common::UniqueFd lock(::open((endpoint + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock.valid()) return 1;
    switch (take_lifetime_lock(lock.get(), endpoint)) {
        case LockOutcome::kTaken:
            break;
        case LockOutcome::kOtherDaemonServes:
            signal_ready(ready_fd);
            return 0;
        case LockOutcome::kTimedOut:
            return 1;
    }

    std::string error;
    store::ArtifactStore artifacts(root);
    if (!artifacts.prepare(error)) {
        spdlog::error("{}", error);
        return 1;
    }
    auto index = store::open_cache_index(root, error);
    if (!index) {
        spdlog::error("{}", error);
        return 1;
    }
    int listen_fd = ipc::listen_on(endpoint, error);
    if (listen_fd < 0) {
        spdlog::error("{}", error);
        return 1;
    }

    // The socket we bound (so that at exit we remove it only if it is still ours), and the pipe
    // a signal wakes the accept loop through: without either the daemon cannot run safely.
    struct stat bound {};
    if (::stat(endpoint.c_str(), &bound) != 0 || ::pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        spdlog::error("cannot set up {}: {}", endpoint, std::strerror(errno));
        return 1;
    }
    ::signal(SIGPIPE, SIG_IGN);
    // An ignored SIGCHLD survives exec: the kernel would then reap our compilers itself, and no
    // compile's exit status could be known.
    ::signal(SIGCHLD, SIG_DFL);
    ::signal(SIGTERM, on_stop_signal);
    ::signal(SIGINT, on_stop_signal);
    ::signal(SIGHUP, SIG_IGN);
    daemon::install_crash_reporter(root);

    auto watcher = meta::make_inotify_watcher();
    meta::FileMetadataCache files(*watcher);
    daemon::Stats stats;
    stats.load(*index);
    daemon::BlobGuard blobs;
    daemon::SingleFlight flights;
    daemon::ManifestCache manifests(*index, artifacts, kLiveManifests);
    daemon::Evictor evictor(common::cache_size_limit(root));
    uint64_t journal_max =
        common::parse_size(common::config_value("journal_max_bytes").value).value_or(kJournalRotateBytes);
    daemon::Journal journal(root + "/logs/compile_journal.jsonl", journal_max);
    daemon::Sessions sessions;
    daemon::ExplainLog explain;
    daemon::CompilePriority priority(common::config_value("compile_priority").value);
    daemon::ToolIdentities tools;
    daemon::CompileDatabaseCache databases;
    daemon::WorktreeToolchains worktree_toolchains;
    daemon::DaemonContext ctx{
        .cache_root = root,
        .endpoint = endpoint,
        .started_ns = common::now_monotonic_ns(),
        .index = *index,
        .manifests = manifests,
        .artifacts = artifacts,
        .watcher = *watcher,
        .files = files,
        .stats = stats,
        .blobs = blobs,
        .flights = flights,
        .evictor = evictor,
        .journal = journal,
        .sessions = sessions,
        .explain = explain,
        .priority = priority,
        .tools = tools,
        .databases = databases,
        .worktree_toolchains = worktree_toolchains,
        .delivery = store::parse_delivery_mode(common::config_value("delivery").value),
    };
    struct stat client;
    if (::stat(sibling_client_path().c_str(), &client) == 0) {
        ctx.client_dev = client.st_dev;
        ctx.client_ino = client.st_ino;
    }

    spdlog::info("zccache-daemon {} pid {} listening on {}", ZCCACHE_VERSION, ::getpid(), endpoint);
    signal_ready(ready_fd);
    daemon::Server server(ctx, listen_fd, g_wake_pipe[0], common::idle_timeout_secs());
    server.run();

    // Remove the socket only if it is still ours (a newer daemon may have replaced it).
    struct stat current;
    if (::stat(endpoint.c_str(), &current) == 0 && current.st_ino == bound.st_ino && current.st_dev == bound.st_dev) {
        ::unlink(endpoint.c_str());
    }
    ::close(listen_fd);
    spdlog::info("stopped");
    return 0;
}
