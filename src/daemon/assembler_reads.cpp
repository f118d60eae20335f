#include "daemon/assembler_reads.h"

#include <spdlog/spdlog.h>

#include "common/fs.h"
#include "compiler/assembler_reads.h"
#include "daemon/driver_tools.h"
#include "daemon/search_dirs.h"
#include "daemon/tool_identity.h"

namespace zc::daemon {

AssemblerReads::AssemblerReads(DaemonContext& ctx, const PreparedCompile& compile, int client_fd) {
    if (compile.compiler.family != compiler::Family::kGcc || compile.compiler.kind != compiler::ToolKind::kCompiler ||
        !compiler::can_record_assembler_reads(compile.invocation)) {
        return;
    }
    meta::FileInfo driver_file = ctx.files.get(compile.compiler.real_path);
    std::optional<std::string> as = driver_program(ctx, *compile.request, compile.compiler, driver_file,
                                                   search_arguments(compile.invocation), "as", client_fd);
    if (!as || as->empty()) return;
    meta::FileInfo as_file = ctx.files.get(*as);
    if (!as_file.regular) return;
    // Only GNU as knows --MD; asked once per assembler binary.
    std::string memo = tool_memo_key(*as, as_file.hash, {}, "/") + "as --version";
    std::string version = ctx.tools.describe(memo, {*as, "--version"}, {"LC_ALL=C"}, "/", client_fd);
    if (version.starts_with("GNU assembler")) dep_file_.emplace(ctx.artifacts.temp_path(".as.d"));
}

void AssemblerReads::add_arguments(std::vector<std::string>& argv) const {
    if (!dep_file_) return;
    for (std::string& arg : compiler::assembler_reads_arguments(dep_file_->path)) argv.push_back(std::move(arg));
}

std::string_view AssemblerReads::why_not_storable(const PreparedCompile& compile) const {
    if (!dep_file_) return {};
    std::optional<std::string> text = common::read_file(dep_file_->path);
    if (!text) return "assembler_reads_unknown";
    std::vector<std::string> read = compiler::files_the_assembler_read(*text, compile.source_path, compile.request->cwd);
    if (read.empty()) return {};
    spdlog::debug("not storing: the assembler read {}", read.front());
    return "assembler_file_inclusion";
}

}  // namespace zc::daemon
