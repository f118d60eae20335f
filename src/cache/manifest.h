#pragma once
// A manifest lists, under one context key, the results of earlier compiles: for each, the
// dependencies with the content hashes they had, the paths that must still be absent (headers
// that would shadow a dependency), and the result to replay. Stored as MessagePack
// (manifest_codec.cpp, the only file that compiles the MessagePack code).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/hash.h"

namespace zc::cache {

inline constexpr uint32_t kManifestFormat = 1;
inline constexpr size_t kMaxEntriesPerManifest = 16;

struct Dependency {
    std::string path;  // absolute
    std::string hash;  // Hash128::bytes()
};

namespace output_kind {
inline constexpr std::string_view kObject = "object";           // a compile's output
inline constexpr std::string_view kBinary = "binary";           // a link's output
inline constexpr std::string_view kSideFile = "side_file";      // written next to a link's output
inline constexpr std::string_view kFixes = "fixes";             // clang-tidy --export-fixes
inline constexpr std::string_view kRustOutput = "rust_output";  // .rlib, .rmeta, .a, .d in the out dir
inline constexpr std::string_view kFormatted = "formatted";     // a source as rustfmt formats it
inline constexpr std::string_view kArchive = "archive";         // ar's or ranlib's output: ranlib writes into it
}  // namespace output_kind

struct OutputRecord {
    std::string kind;  // one of output_kind
    std::string blob;  // Hash128::bytes()
    int64_t size = 0;
    std::string path;      // absolute, for side files; empty: the command's output path
    uint32_t mode = 0644;  // permission bits to restore (a linked binary is executable)
    // Encoded as an array: new fields go last, so that manifests written before them still decode.
};

// An environment variable a compile read (rustc's env!/option_env!): a hit needs the same value.
struct EnvDependency {
    std::string name;
    std::string value;
    bool set = false;
};

struct ManifestEntry {
    std::vector<Dependency> deps;
    std::vector<std::string> absent;
    int32_t exit_code = 0;
    std::string stdout_data;
    std::string stderr_data;
    bool has_dep_file = false;
    std::string dep_file_text;
    std::vector<OutputRecord> outputs;
    int64_t created_ns = 0;
    int64_t compile_ns = 0;  // how long the compile took: what a hit saves
    std::vector<EnvDependency> env_deps;
    // With worktree sharing: which checkout stored it (PathRemap::origin()), so that a hit can
    // say it came from another worktree. Empty otherwise, and in entries written before it.
    std::string origin;
};

struct Manifest {
    uint32_t format = kManifestFormat;
    std::vector<ManifestEntry> entries;  // newest first
};

std::string encode_manifest(const Manifest& manifest);
// nullopt for bytes that are not a manifest of this format: such an entry is dropped, never used.
std::optional<Manifest> decode_manifest(std::string_view bytes);

// Puts `entry` first, replacing an entry with the same dependency hashes and environment, keeping at most
// kMaxEntriesPerManifest.
void add_entry(Manifest& manifest, ManifestEntry entry);

}  // namespace zc::cache
