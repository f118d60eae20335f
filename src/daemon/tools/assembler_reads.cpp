#include "daemon/tools/assembler_reads.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <unordered_set>
#include <utility>

#include "common/fs.h"
#include "common/paths.h"
#include "compiler/assembler_reads.h"
#include "daemon/tool_identity.h"
#include "daemon/tools/driver_tools.h"
#include "daemon/tools/search_dirs.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {
constexpr std::string_view kRecorderName = "libzccache-open-recorder.so";
constexpr std::string_view kRecorderLoaded = "zccache-open-recorder";
constexpr Reason kNotStoredReason = Reason::kAssemblerFileInclusion;
constexpr Reason kUnknownReason = Reason::kAssemblerReadsUnknown;

bool gnu_as_behind(DaemonContext& ctx, const Job& compile, const compiler::Invocation& inv, ClientLink& client) {
    meta::FileInfo driver_file = ctx.files.get(compile.compiler.real_path);
    std::optional<std::string> as =
        driver_program(ctx, *compile.request, compile.compiler, driver_file, search_arguments(inv), "as", client);
    if (!as || as->empty()) return false;
    meta::FileInfo as_file = ctx.files.get(*as);
    if (!as_file.regular) return false;
    // Only GNU as knows --MD; asked once per assembler binary.
    std::string memo = tool_memo_key(*as, as_file.hash, {}, "/") + "as --version";
    return ctx.tools.describe(memo, {*as, "--version"}, {"LC_ALL=C"}, "/", client).starts_with("GNU assembler");
}

std::optional<std::pair<dev_t, ino_t>> identity(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return std::pair{st.st_dev, st.st_ino};
}

// Files a compiler opens that are not its inputs: the kernel's views, and the terminal database
// LLVM reads to colour its messages.
bool outside_the_compile(std::string_view path) {
    for (std::string_view prefix : {"/proc/", "/sys/", "/dev/", "/usr/share/terminfo/", "/lib/terminfo/",
                                    "/etc/terminfo/", "/usr/lib/terminfo/"}) {
        if (path.starts_with(prefix)) return true;
    }
    return path.find("/.terminfo/") != std::string_view::npos;
}
}  // namespace

const std::string& open_recorder_path() {
    static const std::string path = [] {
        std::string dir = common::executable_directory();
        if (!dir.starts_with("/")) return std::string();  // a relative LD_PRELOAD would follow the compile's cwd
        for (std::string candidate :
             {dir + "/" + std::string(kRecorderName), dir + "/../lib/zccache/" + std::string(kRecorderName)}) {
            if (::access(candidate.c_str(), R_OK) != 0) continue;
            if (candidate.find_first_of(" :") != std::string::npos) {
                spdlog::warn(
                    "the open recorder's path {} cannot be preloaded; clang's assembler reads are scanned for instead",
                    candidate);
                return std::string();
            }
            return candidate;
        }
        spdlog::warn("no {} beside the daemon; clang's assembler reads are scanned for instead", kRecorderName);
        return std::string();
    }();
    return path;
}

Reason unlisted_reads(const std::string& log, const std::string& source, const std::vector<std::string>& deps) {
    std::vector<std::string_view> lines;
    for (size_t start = 0; start < log.size();) {
        size_t end = log.find('\n', start);
        if (end == std::string::npos) end = log.size();
        lines.emplace_back(log.data() + start, end - start);
        start = end + 1;
    }
    if (lines.empty() || lines.front() != kRecorderLoaded) return kUnknownReason;
    std::unordered_set<std::string_view> listed(deps.begin(), deps.end());
    std::optional<std::pair<dev_t, ino_t>> source_id = identity(source);
    std::optional<std::set<std::pair<dev_t, ino_t>>> listed_ids;  // made when a name does not match
    bool source_opened = false;
    for (std::string_view line : lines) {
        if (line == kRecorderLoaded || line.empty()) continue;  // a child process (cc1, as) loading it too
        std::string path(line);
        // The driver reads what it reads about the machine (/etc/os-release, a CUDA installation)
        // before the compile opens its source; the assembler's reads come after.
        if (!source_opened) {
            source_opened = path == source || (source_id && identity(path) == source_id);
            continue;
        }
        if (listed.contains(line) || outside_the_compile(line)) continue;
        struct stat st;
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (!listed_ids) {
            listed_ids.emplace();
            for (const std::string& dep : deps) {
                if (auto id = identity(dep)) listed_ids->insert(*id);
            }
            if (source_id) listed_ids->insert(*source_id);
        }
        if (listed_ids->contains({st.st_dev, st.st_ino})) continue;
        spdlog::debug("not storing: the compiler read {}, which its dep file does not list", path);
        return kNotStoredReason;
    }
    return source_opened ? Reason::kNone : kUnknownReason;
}

AssemblerReads::AssemblerReads(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                               ClientLink& client) {
    if (compile.compiler.kind != compiler::ToolKind::kCompiler ||
        !compiler::can_record_assembler_reads(unit.invocation)) {
        return;
    }
    if (compile.compiler.family == compiler::Family::kGcc) {
        if (!gnu_as_behind(ctx, compile, unit.invocation, client)) return;
        how_ = How::kGnuAsDeps;
        record_.emplace(ctx.artifacts.temp_path(".as.d"));
        return;
    }
    const std::string& recorder = open_recorder_path();
    if (recorder.empty()) return;
    record_.emplace(ctx.artifacts.temp_path(".opens"));
    int fd = ::open(record_->path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        record_.reset();
        return;
    }
    ::close(fd);
    how_ = How::kOpenLog;
    env_ = compile.request->env;
    bool preloaded = false;
    for (std::string& entry : env_) {
        if (entry.starts_with("LD_PRELOAD=")) {
            entry = "LD_PRELOAD=" + recorder + (entry.size() > 11 ? ":" + entry.substr(11) : "");
            preloaded = true;
        }
    }
    if (!preloaded) env_.push_back("LD_PRELOAD=" + recorder);
    env_.push_back("ZCCACHE_OPEN_LOG=" + record_->path);
}

void AssemblerReads::add_arguments(std::vector<std::string>& argv) const {
    if (how_ != How::kGnuAsDeps) return;
    for (std::string& arg : compiler::assembler_reads_arguments(record_->path)) argv.push_back(std::move(arg));
}

Reason AssemblerReads::why_not_storable(const Job& compile, const TranslationUnit& unit,
                                        const std::vector<std::string>& deps) const {
    if (how_ == How::kTextScan) return {};
    std::optional<std::string> text = common::read_file(record_->path);
    if (!text) return kUnknownReason;
    if (how_ == How::kOpenLog) {
        std::vector<std::string> known = deps;
        known.insert(known.end(), compile.extra_deps.begin(), compile.extra_deps.end());
        known.insert(known.end(), compile.keyed_files.begin(), compile.keyed_files.end());
        return unlisted_reads(*text, unit.source_path, known);
    }
    std::vector<std::string> read = compiler::files_the_assembler_read(*text, unit.source_path, compile.request->cwd);
    if (read.empty()) return {};
    spdlog::debug("not storing: the assembler read {}", read.front());
    return kNotStoredReason;
}

}  // namespace zc::daemon
