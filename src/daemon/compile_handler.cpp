#include "daemon/compile_handler.h"

#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <shared_mutex>

#include "cache/context_key.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/colour.h"
#include "compiler/emscripten.h"
#include "compiler/response_file.h"
#include "compiler/strict_paths.h"
#include "daemon/build_path.h"
#include "daemon/compiler_check.h"
#include "daemon/driver_tools.h"
#include "daemon/emscripten_toolchain.h"
#include "daemon/prepared_compile.h"
#include "daemon/search_dirs.h"
#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

namespace {

// The arguments after the compiler with every `@file` expanded, or a reason to pass through.
Reason expanded_arguments(const protocol::CompileRequest& request, std::vector<std::string>& out) {
    std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());
    bool any = false;
    for (const std::string& arg : args) any = any || arg.starts_with("@");
    if (!any) {
        out = std::move(args);
        return {};
    }
    auto read = [](const std::string& path) { return common::read_file(path); };
    switch (compiler::expand_response_files(args, request.cwd, read, out)) {
        case compiler::Expansion::kDone:
            return {};
        case compiler::Expansion::kMissingFile:
            return Reason::kResponseFileMissing;
        case compiler::Expansion::kCycle:
            return Reason::kResponseFileCycle;
        case compiler::Expansion::kTooDeep:
            return Reason::kResponseFileTooDeep;
    }
    return Reason::kResponseFileMissing;
}

// The profile an -fprofile-use compile reads, or nullopt when we cannot tell which file it is.
std::optional<std::string> profile_path(const PreparedCompile& compile) {
    const compiler::Invocation& inv = compile.invocation;
    const std::string& cwd = compile.request->cwd;
    if (compile.compiler.family == compiler::Family::kClang) {
        std::string path =
            common::absolute_from(cwd, inv.profile_use_path.empty() ? "default.profdata" : inv.profile_use_path);
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) path += "/default.profdata";
        return path;
    }
    const std::string& out = compile.output_path;
    std::string stem = out.substr(0, out.size() - common::extension(out).size());
    if (inv.profile_use_path.empty()) return stem + ".gcda";
    // -fprofile-use=DIR: DIR/<absolute output path, '/' as '#'>.gcda. A path we might spell
    // differently from gcc (dot components, a '#' already) or a non-directory: not ours to key.
    std::string dir = common::absolute_from(cwd, inv.profile_use_path);
    struct stat st;
    if ((::stat(dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) || out.find("/./") != std::string::npos ||
        out.find("/../") != std::string::npos || out.find('#') != std::string::npos) {
        return std::nullopt;
    }
    std::replace(stem.begin(), stem.end(), '/', '#');
    return dir + "/" + stem + ".gcda";
}

// What a compile runs behind the driver: gcc's compiler proper and assembler; clang's assembler
// only when it does not use its own (its compiler proper is its own binary, already keyed).
std::vector<std::string> programs_behind_the_driver(const PreparedCompile& compile) {
    const compiler::Invocation& inv = compile.invocation;
    std::vector<std::string> names;
    if (compile.compiler.kind != compiler::ToolKind::kCompiler) return names;
    bool assembles = !inv.assembly_only;
    if (compile.compiler.family == compiler::Family::kGcc) {
        names.push_back(inv.language == "c++" ? "cc1plus" : "cc1");
        if (assembles) names.push_back("as");
    } else if (assembles && std::find_if(inv.args.begin(), inv.args.end(), [](const std::string& a) {
                                return a == "-fno-integrated-as" || a == "-no-integrated-as";
                            }) != inv.args.end()) {
        names.push_back("as");
    }
    return names;
}

// The reply for a command line that breaks the strict path rules the user asked for: it fails
// without compiling, naming the flag and the whole command.
std::optional<protocol::CompileReply> strict_path_failure(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                          const std::vector<std::string>& args) {
    auto setting = common::env_lookup(request.env, "ZCCACHE_STRICT_PATHS");
    if (!setting) return std::nullopt;
    // The client warns about a value it does not know; here it means off.
    compiler::StrictPaths mode = compiler::parse_strict_paths(*setting).value_or(compiler::StrictPaths::kOff);
    std::string_view driver = common::base_name(request.argv[0]);
    bool msvc_style = driver == "clang-cl" || driver == "cl" || driver == "cl.exe";
    std::string violation = compiler::strict_path_violation(args, mode, msvc_style);
    if (violation.empty()) return std::nullopt;
    protocol::CompileReply reply;
    reply.outcome = protocol::outcome::kError;
    reply.reason = reasons::name(Reason::kStrictPathsViolation);
    reply.exit_code = 1;
    std::string command;
    for (const std::string& arg : request.argv) command += (command.empty() ? "" : " ") + arg;
    reply.stderr_data = "zccache: strict path check (" + std::string(*setting) + ") failed: " + violation +
                        "\nzccache: command: " + command + "\n";
    ctx.stats.count_uncacheable(Reason::kStrictPathsViolation);
    return reply;
}

bool wants_colour(const protocol::CompileRequest& request) {
    auto term = common::env_lookup(request.env, "TERM");
    return request.stderr_is_tty && !(term && *term == "dumb");
}

}  // namespace

protocol::CompileReply passthrough(DaemonContext& ctx, Reason reason) {
    ctx.stats.count_uncacheable(reason);
    protocol::CompileReply reply;
    reply.outcome = protocol::outcome::kUncacheable;
    reply.reason = reasons::name(reason);
    return reply;
}

void replay_output(const PreparedCompile& compile, std::string_view out, std::string_view err,
                   protocol::CompileReply& reply) {
    reply.stdout_data = out;
    reply.stderr_data = compile.strip_colour ? compiler::strip_colour(err) : std::string(err);
}

std::optional<protocol::CompileReply> prepare_compile(DaemonContext& ctx, const protocol::CompileRequest& request,
                                                      const compiler::ResolvedCompiler& resolved,
                                                      compiler::Invocation invocation, PreparedCompile& compile,
                                                      CompileFacts& facts, ClientLink& client) {
    compile.request = &request;
    compile.facts = &facts;
    compile.compiler = resolved;
    compile.invocation = std::move(invocation);
    compiler::apply_family(compile.invocation, compile.compiler.family);
    compile.remap = cache::remap_for(request.env, request.cwd);
    if (compile.remap.active() && compile.invocation.cacheable()) {
        for (std::string& flag : cache::prefix_map_flags(compile.remap, compile.invocation.args)) {
            compile.invocation.args.push_back(std::move(flag));
            compile.invocation.roles.push_back(compiler::ArgRole::kKeyed);
        }
    }
    const compiler::Invocation& inv = compile.invocation;
    if (!inv.output.empty()) facts.output = common::absolute_from(request.cwd, inv.output);
    if (!inv.cacheable()) return passthrough(ctx, inv.uncacheable_reason);

    compile.source_path = common::absolute_from(request.cwd, inv.source);
    compile.output_path = common::absolute_from(request.cwd, inv.output);
    if (inv.dep_mode != compiler::DepMode::kNone)
        compile.dep_file_path = common::absolute_from(request.cwd, inv.dep_file);
    for (const std::string* output : {&compile.output_path, &compile.dep_file_path}) {
        if (output->empty()) continue;
        if (!common::replaceable_output(*output)) return passthrough(ctx, Reason::kOutputNotARegularFile);
        // `-o a.c`: the compiler refuses it, or overwrites its own input as the user asked.
        if (common::same_file(*output, compile.source_path)) return passthrough(ctx, Reason::kOutputIsInput);
    }
    // gcc pins __DATE__ and __TIME__ to SOURCE_DATE_EPOCH; clang 14 does not (it reads the clock).
    compile.source_date_epoch = compile.compiler.family == compiler::Family::kGcc &&
                                common::env_lookup(request.env, "SOURCE_DATE_EPOCH").has_value();
    compile.strip_colour = !inv.user_colour && !wants_colour(request);

    // handle_compile drained the watcher: every write that finished before this request
    // arrived is known to the metadata cache.
    meta::FileInfo compiler_file = ctx.files.get(compile.compiler.real_path);
    meta::FileInfo source = ctx.files.get(compile.source_path);
    if (!compiler_file.regular) return passthrough(ctx, Reason::kCompilerNotFound);
    if (!source.regular) return passthrough(ctx, Reason::kSourceMissing);
    std::optional<compiler::SearchList> search = compiler_search_list(ctx, compile, compiler_file, client);
    if (!search) return passthrough(ctx, Reason::kSearchListUnknown);
    compile.search_dirs = shadowing_order(std::string(common::dir_name(compile.source_path)), *search);
    std::vector<std::string> behind = programs_behind_the_driver(compile);
    if (!behind.empty()) {
        std::optional<std::string> tools =
            driver_tools_identity(ctx, request, compile.compiler, compiler_file, search_arguments(inv), behind, client);
        if (!tools) return passthrough(ctx, Reason::kCompilerToolsUnknown);
        compile.compiler.identity += *tools;
    }
    if ((source.has_time_macro || inv.time_macro_in_args) && !compile.source_date_epoch) {
        return passthrough(ctx, Reason::kTimeMacros);
    }

    cache::ContextInputs inputs;
    inputs.compiler_path = compile.compiler.real_path;
    inputs.driver_name = compiler::keyed_driver_name(compile.compiler);
    inputs.toolchain = compile.compiler.identity;
    std::optional<common::Hash128> compiler_key =
        compiler_check_hash(ctx, request, compile.compiler, compiler_file, client);
    if (!compiler_key) return passthrough(ctx, Reason::kCompilerCheckFailed);
    inputs.compiler_hash = *compiler_key;
    inputs.family = compile.compiler.family;
    inputs.invocation = &inv;
    inputs.env = request.env;
    inputs.cwd = request.cwd;
    inputs.source_hash = source.hash;
    if (inv.native_cpu) inputs.host_cpu = cache::host_cpu_identity();
    inputs.remap = &compile.remap;
    if (inv.compile_in_place) inputs.in_place_output = compile.output_path;
    if (inv.profile_use) {
        std::optional<std::string> profile = profile_path(compile);
        if (!profile) return passthrough(ctx, Reason::kProfileOrCoverage);
        meta::FileInfo info = ctx.files.get(*profile);
        inputs.profile = info.regular ? info.hash.hex() : "absent";
        compile.keyed_files.push_back(*profile);
    }
    bool path_sensitive = false;
    inputs.path_sensitive = &path_sensitive;
    compile.key = cache::context_key(inputs);
    if (path_sensitive) ctx.stats.count(Reason::kPathSensitiveArg);
    facts.inputs = KeyInputs{compile.compiler.real_path, compiler_file.hash.hex(), {}, {}, request.cwd,
                             compile.source_path,        source.hash.hex()};
    for (std::string_view arg : compiler::key_args(inv)) facts.inputs.args.emplace_back(arg);
    for (std::string_view name : cache::keyed_environment()) {
        if (auto value = common::env_lookup(request.env, name)) facts.inputs.env[std::string(name)] = *value;
    }
    return std::nullopt;
}

protocol::CompileReply lookup_or_run(DaemonContext& ctx, const PreparedCompile& compile, ClientLink& client,
                                     const std::function<protocol::CompileReply(Reason)>& on_miss) {
    SingleFlight::Guard flight(ctx.flights, compile.key, client);
    protocol::CompileReply reply;
    Reason miss_reason = Reason::kNone;
    if (serve_hit(ctx, compile, reply, miss_reason)) {
        ctx.stats.count(Reason::kHit);
        return reply;
    }
    return on_miss(miss_reason);
}

protocol::CompileReply lookup_or_compile(DaemonContext& ctx, const PreparedCompile& compile, ClientLink& client,
                                         OnMiss on_miss) {
    return lookup_or_run(ctx, compile, client, [&](Reason why_missed) -> protocol::CompileReply {
        if (on_miss == OnMiss::kReturnEmpty) return {};
        return compile_and_store(ctx, compile, client, why_missed);
    });
}

protocol::CompileReply handle_compile(DaemonContext& ctx, const protocol::CompileRequest& request, ClientLink& client,
                                      CompileFacts& facts) {
    if (request.argv.empty()) return passthrough(ctx, Reason::kEmptyCommand);

    std::vector<std::string> args;
    Reason rsp_problem = expanded_arguments(request, args);
    if (rsp_problem != Reason::kNone) return passthrough(ctx, rsp_problem);
    if (auto failure = strict_path_failure(ctx, request, args)) return *failure;

    // Once per request, before anything reads the metadata cache (finding the compiler on PATH
    // is the first): it then knows every change made before this request came.
    ctx.files.drain();
    auto located = locate_on_build_path(ctx, request, request.argv[0]);
    if (!located) return passthrough(ctx, Reason::kCompilerNotFound);
    facts.compiler = located->path;
    compiler::ResolvedCompiler tool = std::move(*located);
    Reason refusal = Reason::kNone;
    // Rust tools read `@file` one argument per line, not by gcc's rules: they get the originals.
    auto unexpanded = [&] { return std::vector<std::string>(request.argv.begin() + 1, request.argv.end()); };
    switch (tool.kind) {
        case compiler::ToolKind::kClangTidy:
        case compiler::ToolKind::kIncludeWhatYouUse:
            return handle_analysis(ctx, request, tool, args, client, facts);
        case compiler::ToolKind::kRustc:
        case compiler::ToolKind::kClippyDriver:
            return handle_rust(ctx, request, tool, unexpanded(), client, facts);
        case compiler::ToolKind::kRustfmt:
            return handle_rustfmt(ctx, request, tool, unexpanded(), client, facts);
        case compiler::ToolKind::kWasmLd:
            if (!identify_wasm_ld(ctx, request, tool, refusal)) return passthrough(ctx, refusal);
            return handle_link(ctx, request, tool, compiler::parse_wasm_ld(args), client, facts);
        case compiler::ToolKind::kEmscripten:
            args = compiler::join_setting_values(args);
            if (!identify_emscripten(ctx, request, args, tool, refusal)) return passthrough(ctx, refusal);
            break;
        case compiler::ToolKind::kArchiver:
        case compiler::ToolKind::kRanlib:
            return handle_archive(ctx, request, tool, args, client, facts);
        case compiler::ToolKind::kCompiler:
            break;
        case compiler::ToolKind::kUnknown:
            return passthrough(ctx, Reason::kUnknownCompiler);
    }
    for (std::string_view name : cache::uncacheable_environment()) {
        if (common::env_lookup(request.env, name)) return passthrough(ctx, Reason::kDependencyOutputEnv);
    }

    compiler::Invocation inv = compiler::parse_invocation(args);
    if (inv.uncacheable_reason == Reason::kLinking) {
        compiler::LinkInvocation link = compiler::parse_link(args);
        bool output_named = std::find(link.keyed.begin(), link.keyed.end(), false) != link.keyed.end();
        if (tool.kind == compiler::ToolKind::kEmscripten && !output_named) link.output = "a.out.js";
        return handle_link(ctx, request, tool, link, client, facts);
    }
    if (inv.uncacheable_reason == Reason::kMultipleSourceFiles) {
        std::vector<std::vector<std::string>> parts = compiler::split_sources(inv);
        if (!parts.empty()) return handle_multi_source(ctx, request, tool, std::move(parts), client, facts);
    }
    PreparedCompile compile;
    if (auto refused = prepare_compile(ctx, request, tool, std::move(inv), compile, facts, client)) return *refused;
    return lookup_or_compile(ctx, compile, client);
}

}  // namespace zc::daemon
