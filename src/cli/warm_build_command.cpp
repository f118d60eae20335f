#include "cli/warm_build_command.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "analysis/compile_database.h"
#include "cli/daemon_client.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "ipc/daemon_start.h"

extern char** environ;

namespace zc::cli {

namespace {

constexpr int kNotADatabaseExit = 2;
// Checking a whole build takes longer than one compile's silence limit allows.
constexpr int kWarmReplyTimeoutMs = 600'000;

// A launcher in front of the compiler (some generators write it into the database): the
// compile is the rest.
void drop_launchers(std::vector<std::string>& argv) {
    while (argv.size() > 1) {
        std::string_view name = common::base_name(argv.front());
        if (name != "zccache" && name != "ccache" && name != "sccache") break;
        argv.erase(argv.begin());
    }
}

// The database's compiles, in its order; false (with `error`) when it is not one.
bool read_compiles(const std::string& path, protocol::WarmBuildRequest& request, std::string& error) {
    std::optional<std::string> text = common::read_file(path);
    if (!text) {
        error = "cannot read " + path;
        return false;
    }
    std::optional<std::vector<analysis::CompileCommand>> commands =
        analysis::parse_compile_commands(*text, error, /*serialise=*/false);
    if (!commands) {
        error = path + ": " + error;
        return false;
    }
    for (analysis::CompileCommand& command : *commands) {
        drop_launchers(command.arguments);
        if (command.arguments.empty()) continue;
        request.cwds.push_back(std::move(command.directory));
        request.argvs.push_back(std::move(command.arguments));
    }
    return true;
}

int64_t mtime_ns(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 ? common::timespec_ns(st.st_mtim) : -1;
}

// A makefile newer than the database: the commands make runs may no longer be the ones it
// lists, and an object for the old flags would pass for current (Bear writes the database after
// the build, so a later edit shows). Ninja needs no such check: its log holds each output's
// command hash and reruns a changed command. Nor do CMake's makefiles: every object depends on
// its flags.make, and they are written in the same step as the database, in either order.
std::string newer_build_file(const std::string& database, const protocol::WarmBuildRequest& request) {
    int64_t written = mtime_ns(database);
    std::set<std::string> dirs{std::string(common::dir_name(database))};
    dirs.insert(request.cwds.begin(), request.cwds.end());
    for (const std::string& dir : dirs) {
        if (mtime_ns(dir + "/CMakeCache.txt") >= 0) continue;
        for (const char* name : {"Makefile", "makefile", "GNUmakefile"}) {
            std::string file = dir + "/" + name;
            if (mtime_ns(file) > written) return file;
        }
    }
    return {};
}

}  // namespace

int warm_compile_commands(const std::string& path, bool json) {
    if (common::env_truthy(common::process_env("ZCCACHE_DISABLE"))) {
        fmt::print(stderr, "zccache: ZCCACHE_DISABLE is set: nothing restored\n");
        return 0;
    }
    protocol::WarmBuildRequest request;
    std::string error;
    if (!read_compiles(path, request, error)) {
        fmt::print(stderr, "zccache: {}\n", error);
        return kNotADatabaseExit;
    }
    std::string database = common::absolute_from_here(path);
    if (std::string newer = newer_build_file(database, request); !newer.empty()) {
        fmt::print(stderr, "zccache: {} is older than {}: the build's commands may have changed; regenerate it\n", path,
                   newer);
        return 1;
    }
    request.build_dir = common::dir_name(database);
    for (char** var = environ; *var; ++var) request.env.emplace_back(*var);
    mode_t mask = ::umask(022);
    ::umask(mask);
    request.umask = mask;
    common::UniqueFd fd(ipc::connect_or_start_daemon(common::endpoint_path()));
    if (!fd.valid()) {
        fmt::print(stderr, "zccache: could not start the daemon\n");
        return 1;
    }
    auto reply = ask_daemon(fd.get(), protocol::type::kWarmBuild, request, kWarmReplyTimeoutMs);
    auto result = reply && reply->type == protocol::type::kWarmBuildResult
                      ? protocol::body_as<protocol::WarmBuildReply>(*reply)
                      : std::nullopt;
    if (!result) {
        fmt::print(stderr, "zccache: the daemon did not answer the warm request\n");
        return 1;
    }
    if (json) {
        nlohmann::json archives = {{"restored", result->archives_restored},
                                   {"missed", result->archives_missed},
                                   {"present", result->archives_present},
                                   {"skipped", result->archives_skipped},
                                   {"restored_outputs", result->restored_archives}};
        nlohmann::json j = {{"compiles", request.argvs.size()},
                            {"restored", result->restored},
                            {"missed", result->missed},
                            {"present", result->present},
                            {"skipped", result->skipped},
                            {"restored_outputs", result->restored_outputs},
                            {"archives", archives}};
        fmt::print("{}\n", j.dump(2));
    } else {
        fmt::print("zccache warm: {} of {} compiles restored, {} missed, {} left alone (output present), {} skipped\n",
                   result->restored, request.argvs.size(), result->missed, result->present, result->skipped);
        uint64_t archives =
            result->archives_restored + result->archives_missed + result->archives_present + result->archives_skipped;
        if (archives > 0) {
            fmt::print("zccache warm: {} of {} static libraries restored, {} missed, {} left alone, {} skipped\n",
                       result->archives_restored, archives, result->archives_missed, result->archives_present,
                       result->archives_skipped);
        }
    }
    return 0;
}

}  // namespace zc::cli
