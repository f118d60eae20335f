#pragma once
// The context key: everything about a compile except the headers it will read.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/path_remap.h"
#include "common/hash.h"
#include "compiler/invocation.h"
#include "compiler/link_invocation.h"

namespace zc::cache {

// Bump to invalidate every cache entry written by earlier builds (e.g. after a keying bug).
inline constexpr std::string_view kKeyFormatSalt = "zccache-context-v2";  // v2: the driver's name

// Environment variables that change what a C/C++ compiler produces.
std::span<const std::string_view> keyed_environment();
// Variables that make the compiler write files we do not know of: uncacheable.
std::span<const std::string_view> uncacheable_environment();

struct ContextInputs {
    std::string compiler_path;  // resolved
    std::string driver_name;    // see compiler::keyed_driver_name
    common::Hash128 compiler_hash;
    compiler::Family family = compiler::Family::kGcc;
    std::string toolchain;  // see ResolvedCompiler::identity
    const compiler::Invocation* invocation = nullptr;
    std::span<const std::string> env;
    std::string cwd;
    common::Hash128 source_hash;
    std::string host_cpu;              // only with -march=native and friends
    const PathRemap* remap = nullptr;  // worktree sharing: roots enter the key as markers
    bool* path_sensitive = nullptr;    // set when an argument kept this checkout's path (see PathRemap)
    std::string in_place_output;       // absolute; for compiles whose object depends on its own path
    std::string profile;               // -fprofile-use: the profile's content hash, or "absent"
};

common::Hash128 context_key(const ContextInputs& inputs);

struct LinkContextInputs {
    std::string compiler_path;  // resolved
    common::Hash128 compiler_hash;
    compiler::Family family = compiler::Family::kGcc;
    std::string toolchain;  // see ResolvedCompiler::identity
    const compiler::LinkInvocation* link = nullptr;
    std::span<const std::string> env;
    std::string cwd;
    const PathRemap* remap = nullptr;  // worktree sharing, as for compiles
    std::string driver_name;           // as for compiles: clang++ links the C++ library
    bool* path_sensitive = nullptr;
};

// The arguments whose `keyed` flag is set (an output path's is not), in order.
std::vector<std::string> keyed_args(const std::vector<std::string>& args, const std::vector<bool>& keyed);

// A link's key: the driver, its arguments but the output path, the environment and the cwd.
// The files it reads are the manifest's dependencies, from the linker's dependency file.
common::Hash128 link_context_key(const LinkContextInputs& inputs);

// Tools that are known by what they say of themselves: analysis tools and rustc.
struct ToolContextInputs {
    std::string_view tool_kind;  // "clang-tidy", "include-what-you-use", "rustc", "clippy"
    std::string tool_path;       // resolved
    common::Hash128 tool_hash;
    std::string tool_version;       // what the tool says of itself: it links LLVM's shared libraries
    std::vector<std::string> args;  // the tool's arguments but the source and output paths
    std::span<const std::string> env;
    std::string cwd;
    std::string source_path;  // absolute: diagnostics name it
    common::Hash128 source_hash;
    // What else decides the result: clang-tidy's compile database entry, cargo's environment.
    std::string extra;
    bool wants_fixes = false;
};

// A tool run's key. The files it reads (headers, modules, config and mapping files) are the
// manifest's dependencies.
common::Hash128 tool_context_key(const ToolContextInputs& inputs);

// The host CPU's model and flags, for -march=native.
const std::string& host_cpu_identity();

}  // namespace zc::cache
