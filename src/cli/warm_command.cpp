#include "cli/warm_command.h"

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "cache/manifest.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/paths.h"
#include "store/artifact_store.h"
#include "store/cache_index.h"
#include "store/index.h"

namespace zc::cli {

namespace {

// Package names in Cargo.lock (`name = "foo-bar"`), as crate names (`foo_bar`).
std::set<std::string> locked_crates(std::string_view lock) {
    std::set<std::string> crates;
    constexpr std::string_view kName = "name = \"";
    while (!lock.empty()) {
        size_t end = lock.find('\n');
        std::string_view line = lock.substr(0, end);
        lock.remove_prefix(end == std::string_view::npos ? lock.size() : end + 1);
        if (!line.starts_with(kName) || !line.ends_with('"')) continue;
        std::string name(line.substr(kName.size(), line.size() - kName.size() - 1));
        std::replace(name.begin(), name.end(), '-', '_');
        crates.insert(std::move(name));
    }
    return crates;
}

// "libfoo_bar-1a2b.rlib" -> "foo_bar"; empty for other files.
std::string crate_of(std::string_view file) {
    std::string_view ext = common::extension(file);
    if (!file.starts_with("lib") || (ext != ".rlib" && ext != ".rmeta")) return {};
    std::string_view stem = file.substr(3, file.size() - 3 - ext.size());
    return std::string(stem.substr(0, stem.find('-')));
}

struct Candidate {
    int64_t created_ns = 0;
    cache::OutputRecord output;
};

}  // namespace

int warm_target_dir(const std::string& target_dir, const std::string& lockfile) {
    std::string cwd = std::filesystem::current_path().string();
    std::optional<std::string> lock = common::read_file(common::absolute_from(cwd, lockfile));
    if (!lock) {
        fmt::print(stderr, "zccache warm: cannot read {}\n", lockfile);
        return 1;
    }
    std::set<std::string> crates = locked_crates(*lock);
    std::string target = std::filesystem::path(common::absolute_from(cwd, target_dir)).lexically_normal().string();
    if (!target.ends_with('/')) target += '/';

    std::string root = common::cache_root();
    std::string error;
    auto index = store::open_cache_index(root, error);
    if (!index) {
        fmt::print(stderr, "zccache warm: {}\n", error);
        return 1;
    }
    // The newest cached copy of each file under the target dir.
    std::map<std::string, Candidate> newest;
    index->for_each_manifest([&](std::string_view, std::string_view value) {
        std::optional<cache::Manifest> manifest = cache::decode_manifest(value);
        if (!manifest) return true;
        for (const cache::ManifestEntry& entry : manifest->entries) {
            for (const cache::OutputRecord& output : entry.outputs) {
                if (output.kind != cache::output_kind::kRustOutput || !output.path.starts_with(target)) continue;
                if (!crates.contains(crate_of(common::base_name(output.path)))) continue;
                Candidate& best = newest[output.path];
                if (entry.created_ns >= best.created_ns) best = {entry.created_ns, output};
            }
        }
        return true;
    });

    store::ArtifactStore artifacts(root);
    std::set<std::string> restored_crates;
    int restored = 0, present = 0, broken = 0;
    for (const auto& [path, candidate] : newest) {
        struct stat st;
        if (::lstat(path.c_str(), &st) == 0) {
            ++present;
            continue;
        }
        common::Hash128 hash;
        std::optional<std::string> data;
        if (common::Hash128::from_bytes(candidate.output.blob, hash))
            data = common::read_file(artifacts.blob_path(hash));
        if (!data || common::hash_bytes(*data) != hash) {
            ++broken;  // evicted or damaged: cargo will build it
            continue;
        }
        if (!common::make_dirs(std::string(common::dir_name(path))) ||
            !common::write_file_atomic(path, *data, candidate.output.mode)) {
            fmt::print(stderr, "zccache warm: cannot write {}\n", path);
            return 1;
        }
        ++restored;
        restored_crates.insert(crate_of(common::base_name(path)));
    }
    fmt::print("zccache warm: restored {} files of {} crates into {} ({} already there, {} no longer cached)\n",
               restored, restored_crates.size(), target, present, broken);
    return 0;
}

}  // namespace zc::cli
