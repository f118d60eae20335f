#include "daemon/tools/compiler_check.h"

#include <fcntl.h>
#include <unistd.h>

#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "daemon/build_path.h"
#include "daemon/compiler_runner.h"

namespace zc::daemon {

namespace {

// "#!/bin/sh -e" -> "/bin/sh"; "#!/usr/bin/env python3" -> "python3" found on PATH.
std::optional<std::string> interpreter_of(DaemonContext& ctx, const std::string& script,
                                          const protocol::CompileRequest& request) {
    common::UniqueFd fd(::open(script.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    char buf[256];
    ssize_t n = fd.valid() ? ::read(fd.get(), buf, sizeof buf) : -1;
    if (n < 2) return std::nullopt;
    std::string_view line(buf, static_cast<size_t>(n));
    line = line.substr(2, line.find('\n') == std::string_view::npos ? std::string_view::npos : line.find('\n') - 2);
    auto next_word = [&line]() {
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string_view::npos) return std::string_view();
        size_t end = line.find_first_of(" \t", start);
        std::string_view word =
            line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        line = end == std::string_view::npos ? std::string_view() : line.substr(end);
        return word;
    };
    std::string_view interpreter = next_word();
    if (interpreter.empty()) return std::nullopt;
    if (common::base_name(interpreter) != "env") return std::string(interpreter);
    std::string_view program = next_word();
    while (program.starts_with("-")) program = next_word();  // env -S, env -i: the program follows
    if (program.empty()) return std::string(interpreter);
    auto located = locate_on_build_path(ctx, request, program);
    if (!located) return std::nullopt;
    return located->real_path;
}

std::optional<common::Hash128> content_hash(DaemonContext& ctx, const protocol::CompileRequest& request,
                                            const compiler::ResolvedCompiler& compiler, const meta::FileInfo& file) {
    if (!file.is_script) return file.hash;
    std::optional<std::string> interpreter = interpreter_of(ctx, compiler.real_path, request);
    if (!interpreter) return std::nullopt;
    meta::FileInfo info = ctx.files.get(*interpreter);
    if (!info.regular) return std::nullopt;
    common::Hasher hasher;
    hasher.field("script", file.hash).field("interpreter", *interpreter).field("interpreter_hash", info.hash);
    return hasher.digest();
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace

std::optional<common::Hash128> compiler_check_hash(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                   const compiler::ResolvedCompiler& compiler,
                                                   const meta::FileInfo& compiler_file, ClientLink& client) {
    std::string setting(common::env_lookup(request.env, "ZCCACHE_COMPILER_CHECK").value_or("content"));
    common::Hasher hasher;
    hasher.field("compiler_check", setting);
    if (setting.empty() || setting == "content") {
        std::optional<common::Hash128> content = content_hash(ctx, request, compiler, compiler_file);
        if (!content) return std::nullopt;
        hasher.field("content", *content);
    } else if (setting == "mtime") {
        hasher.field("size", static_cast<uint64_t>(compiler_file.size))
            .field("mtime", static_cast<uint64_t>(compiler_file.mtime_ns));
    } else if (setting == "none" || setting.starts_with("string:")) {
        // The setting, already hashed, is all there is.
    } else {
        std::string command = replace_all(setting, "%compiler%", compiler.path);
        RunResult run = run_compiler("/bin/sh", {"/bin/sh", "-c", command}, request.env, request.cwd, client,
                                     /*nice_increment=*/0, /*umask_bits=*/077);
        if (!run.started || run.client_gone || run.exit_code != 0) return std::nullopt;
        hasher.field("stdout", run.stdout_data).field("stderr", run.stderr_data);
    }
    return hasher.digest();
}

}  // namespace zc::daemon
