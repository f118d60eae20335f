#include "daemon/warm_archives.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <optional>

#include "common/fs.h"
#include "common/paths.h"
#include "daemon/pipeline.h"

namespace zc::daemon {

namespace {

// Where the step's commands would key from: ninja runs them in the build directory, and the
// client names it by $PWD when that leads there (a path through a symlink), else physically.
std::vector<std::string> build_dir_spellings(const std::string& build_dir) {
    std::vector<std::string> spellings{build_dir};
    char real[PATH_MAX];
    if (::realpath(build_dir.c_str(), real) && build_dir != real) spellings.emplace_back(real);
    return spellings;
}

// The step runs its tools by path: each must be zccache, standing for the ar and ranlib the
// build's PATH finds, as when the entries were made.
bool tools_are_zccache(const DaemonContext& ctx, const std::string& build_dir, const analysis::ArchiveStep& step) {
    for (const std::string* tool : {&step.archiver, &step.indexer}) {
        struct stat st;
        std::string path = common::absolute_from(build_dir, *tool);
        if (::stat(path.c_str(), &st) != 0 || st.st_dev != ctx.client_dev || st.st_ino != ctx.client_ino) return false;
    }
    return true;
}

// The cmake that wrote the build (CMakeCache.txt's CMAKE_COMMAND), when it can still run: the
// step's `cmake -E rm -f` is then sure to do nothing but remove an archive that is not there.
std::string build_cmake(const std::string& build_dir) {
    std::optional<std::string> cache = common::read_regular_file(build_dir + "/CMakeCache.txt");
    constexpr std::string_view kEntry = "\nCMAKE_COMMAND:INTERNAL=";
    size_t at = cache ? cache->find(kEntry) : std::string::npos;
    if (at == std::string::npos) return {};
    at += kEntry.size();
    std::string cmake = cache->substr(at, cache->find('\n', at) - at);
    return ::access(cmake.c_str(), X_OK) == 0 ? cmake : std::string();
}

bool same_file_state(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
           common::timespec_ns(a.st_mtim) == common::timespec_ns(b.st_mtim) &&
           common::timespec_ns(a.st_ctim) == common::timespec_ns(b.st_ctim);
}

protocol::CompileRequest step_request(const protocol::WarmBuildRequest& warm, const std::string& cwd,
                                      std::vector<std::string> argv) {
    protocol::CompileRequest request;
    request.cwd = cwd;
    request.argv = std::move(argv);
    request.env = warm.env;
    request.umask = warm.umask;
    return request;
}

Restore restore_archive(DaemonContext& ctx, const protocol::WarmBuildRequest& warm, const analysis::ArchiveStep& step,
                        const std::string& cmake, const NinjaBuild& ninja, const RestoredObjects& objects,
                        ClientLink& client, std::string& restored) {
    std::string target = common::absolute_from(warm.build_dir, step.target);
    struct stat st;
    if (::lstat(target.c_str(), &st) == 0) return Restore::kPresent;
    if (ninja.feeding_present.contains(common::lexically_normal(target))) return Restore::kSkipped;
    if (cmake.empty() || step.cmake != cmake || !tools_are_zccache(ctx, warm.build_dir, step)) {
        return Restore::kSkipped;
    }
    // Every member there, and old enough that a later change shows in its time; the newest
    // dates the archive, as a build that made it from them now would leave it no older.
    std::vector<struct stat> members(step.members.size());
    std::vector<const common::Hash128*> contents(step.members.size(), nullptr);  // known without a read
    int64_t newest = 0;
    int64_t settled = common::now_realtime_ns() - kRestoreSettledNs;
    for (size_t i = 0; i < step.members.size(); ++i) {
        std::string path = common::absolute_from(warm.build_dir, step.members[i]);
        if (::lstat(path.c_str(), &members[i]) != 0 || !S_ISREG(members[i].st_mode)) return Restore::kSkipped;
        int64_t mtime = common::timespec_ns(members[i].st_mtim);
        if (mtime >= settled) return Restore::kSkipped;
        newest = std::max(newest, mtime);
        auto object = objects.find(common::lexically_normal(path));
        if (object != objects.end() && same_file_state(members[i], object->second->state)) {
            contents[i] = &object->second->hash;
        }
    }
    // The objects restored just now are known to the metadata cache from here.
    WatcherDrained drained = drain_watcher(ctx);
    std::vector<std::string> archiver{std::string(common::base_name(step.archiver)), "qc", step.target};
    archiver.insert(archiver.end(), step.members.begin(), step.members.end());
    std::string cwd;
    std::optional<common::Hash128> archive;
    for (const std::string& spelling : build_dir_spellings(warm.build_dir)) {
        KnownContents known;
        for (size_t i = 0; i < step.members.size(); ++i) {
            if (contents[i]) known.emplace(common::absolute_from(spelling, step.members[i]), *contents[i]);
        }
        if ((archive = look_up_archive(ctx, step_request(warm, spelling, archiver), client, drained, known))) {
            cwd = spelling;
            break;
        }
    }
    if (!archive) return Restore::kMissed;
    std::vector<std::string> indexer{std::string(common::base_name(step.indexer)), step.target};
    if (!restore_indexed_archive(ctx, step_request(warm, cwd, indexer), client, drained, *archive)) {
        return Restore::kMissed;
    }
    struct timespec times[2] = {{newest / 1'000'000'000, newest % 1'000'000'000},
                                {newest / 1'000'000'000, newest % 1'000'000'000}};
    bool kept = ::utimensat(AT_FDCWD, target.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0;
    // A member changed while this ran: the archive may hold what it was before.
    for (size_t i = 0; kept && i < step.members.size(); ++i) {
        std::string path = common::absolute_from(warm.build_dir, step.members[i]);
        kept = ::lstat(path.c_str(), &st) == 0 && same_file_state(st, members[i]);
    }
    if (!kept) {
        ::unlink(target.c_str());
        return Restore::kSkipped;
    }
    restored = target;
    return Restore::kRestored;
}

}  // namespace

RestoreTally restore_archives(DaemonContext& ctx, const protocol::WarmBuildRequest& request,
                              const std::vector<analysis::ArchiveStep>& steps, const NinjaBuild& ninja,
                              const RestoredObjects& objects, ClientLink& client) {
    RestoreTally tally;
    std::string cmake = steps.empty() ? std::string() : build_cmake(request.build_dir);
    for (const analysis::ArchiveStep& step : steps) {
        if (client.gone()) break;
        std::string restored;
        Restore outcome = restore_archive(ctx, request, step, cmake, ninja, objects, client, restored);
        tally.add(outcome, std::move(restored));
    }
    return tally;
}

}  // namespace zc::daemon
