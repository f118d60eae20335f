#include "cache/context_key.h"

#include <array>

#include "common/env.h"
#include "common/fs.h"

namespace zc::cache {

namespace {
constexpr std::array<std::string_view, 16> kKeyedEnv = {
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "GCC_COLORS",
    "CPATH",
    "C_INCLUDE_PATH",
    "CPLUS_INCLUDE_PATH",
    "OBJC_INCLUDE_PATH",
    "SOURCE_DATE_EPOCH",
    "GCC_EXEC_PREFIX",
    "COMPILER_PATH",
    "CCC_OVERRIDE_OPTIONS",
    "CLANG_CONFIG_FILE_SYSTEM_DIR",
    "CLANG_CONFIG_FILE_USER_DIR",
    "GCC_COMPARE_DEBUG",
};
constexpr std::array<std::string_view, 2> kUncacheableEnv = {"DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES"};

void hash_keyed_environment(common::Hasher& h, std::span<const std::string> env) {
    for (std::string_view name : kKeyedEnv) {
        if (auto value = common::env_lookup(env, name)) {
            h.field("env", name);
            h.field("value", *value);
        }
    }
}
}  // namespace

std::span<const std::string_view> keyed_environment() {
    return kKeyedEnv;
}
std::span<const std::string_view> uncacheable_environment() {
    return kUncacheableEnv;
}

common::Hash128 context_key(const ContextInputs& in) {
    auto portable = [&](std::string_view text) {
        return in.remap && in.remap->active() ? in.remap->to_portable(text) : std::string(text);
    };
    common::Hasher h;
    h.field("salt", kKeyFormatSalt);
    h.field("compiler", in.compiler_path);
    h.field("driver-name", in.driver_name);
    h.field("compiler-hash", in.compiler_hash);
    h.field("family", in.family == compiler::Family::kClang ? "clang" : "gcc");
    if (!in.toolchain.empty()) h.field("toolchain", in.toolchain);
    bool path_sensitive = false;
    for (std::string_view arg : compiler::key_args(*in.invocation)) {
        h.field("arg",
                in.remap && in.remap->active() ? in.remap->portable_argument(arg, path_sensitive) : std::string(arg));
    }
    hash_keyed_environment(h, in.env);
    // __FILE__, debug info and relative include paths depend on where the compile runs.
    if (in.path_sensitive) *in.path_sensitive = path_sensitive;
    h.field("cwd", portable(in.cwd));
    h.field("source", in.source_hash);
    if (!in.host_cpu.empty()) h.field("cpu", in.host_cpu);
    if (!in.in_place_output.empty()) h.field("output", portable(in.in_place_output));
    if (!in.profile.empty()) h.field("profile", in.profile);
    // The dep file's default target is the output path.
    const compiler::Invocation& inv = *in.invocation;
    if (inv.dep_mode != compiler::DepMode::kNone && !inv.has_dep_target)
        h.field("dep-target", portable(inv.dep_target));
    // `-Wp,-MD,file` is not among the keyed arguments: what it asks for is.
    if (inv.dep_through_wp) h.field("dep-through-wp", inv.dep_mode == compiler::DepMode::kUser ? "MMD" : "MD");
    return h.digest();
}

std::vector<std::string> keyed_args(const std::vector<std::string>& args, const std::vector<bool>& keyed) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (keyed[i]) out.push_back(args[i]);
    }
    return out;
}

common::Hash128 link_context_key(const LinkContextInputs& in) {
    auto portable = [&](std::string_view text) {
        return in.remap && in.remap->active() ? in.remap->to_portable(text) : std::string(text);
    };
    common::Hasher h;
    h.field("salt", kKeyFormatSalt);
    h.field("kind", "link");
    h.field("compiler", in.compiler_path);
    h.field("driver-name", in.driver_name);
    h.field("compiler-hash", in.compiler_hash);
    h.field("family", in.family == compiler::Family::kClang ? "clang" : "gcc");
    if (!in.toolchain.empty()) h.field("toolchain", in.toolchain);
    bool path_sensitive = false;
    std::string_view previous;
    for (const std::string& arg : keyed_args(in.link->args, in.link->keyed)) {
        // The value of -Xlinker / -rpath is the linker's: a run path is embedded as written.
        bool linker_value = previous == "-Xlinker" || previous == "-rpath" || previous == "-R";
        bool remapped = in.remap && in.remap->active() && !(linker_value && portable(arg) != arg);
        h.field("arg", remapped ? in.remap->portable_argument(arg, path_sensitive) : arg);
        previous = arg;
    }
    if (in.path_sensitive) *in.path_sensitive = path_sensitive;
    hash_keyed_environment(h, in.env);
    // LIBRARY_PATH adds search directories; relative inputs resolve against the cwd.
    if (auto value = common::env_lookup(in.env, "LIBRARY_PATH")) h.field("library-path", portable(*value));
    h.field("cwd", portable(in.cwd));
    return h.digest();
}

common::Hash128 tool_context_key(const ToolContextInputs& in) {
    common::Hasher h;
    h.field("salt", kKeyFormatSalt);
    h.field("kind", in.tool_kind);
    h.field("tool", in.tool_path);
    h.field("tool-hash", in.tool_hash);
    h.field("tool-version", in.tool_version);
    for (std::string_view arg : in.args) h.field("arg", arg);
    hash_keyed_environment(h, in.env);
    h.field("cwd", in.cwd);
    h.field("source", in.source_path);
    h.field("source-hash", in.source_hash);
    h.field("extra", in.extra);
    h.field("fixes", in.wants_fixes ? "yes" : "no");
    return h.digest();
}

const std::string& host_cpu_identity() {
    static const std::string identity = [] {
        std::string out;
        std::string cpuinfo = common::read_file("/proc/cpuinfo").value_or("");
        for (std::string_view key : {"model name", "flags"}) {
            size_t at = cpuinfo.find(key);
            if (at == std::string::npos) continue;
            size_t end = cpuinfo.find('\n', at);
            out += cpuinfo.substr(at, end == std::string::npos ? std::string::npos : end - at);
            out += '\n';
        }
        return out;
    }();
    return identity;
}

}  // namespace zc::cache
