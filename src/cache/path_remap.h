#pragma once
// Worktree sharing: with ZCCACHE_PATH_REMAP=auto, paths under the compile's git root (and under
// an out-of-tree build directory) enter keys and manifests as markers, so sibling clones and
// `git worktree`s of one project key the same compile alike and serve each other's results.
// The compiler gets -ffile-prefix-map for the same roots, so the object bytes do not depend on
// where the worktree lives either.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/manifest.h"

namespace zc::cache {

class PathRemap {
  public:
    struct Root {
        std::string path;    // absolute, without a trailing slash
        std::string marker;  // what it is replaced by in portable text
    };

    bool active() const { return !roots_.empty(); }
    const std::vector<Root>& roots() const { return roots_; }
    void add_root(std::string path, std::string marker);
    // Which checkout this is, as a short digest of its roots; empty when inactive.
    std::string origin() const;
    // Whether `path` (absolute) is under one of the roots.
    bool covers(std::string_view path) const;

    // Every root path (as a whole path component prefix) replaced by its marker.
    std::string to_portable(std::string_view text) const;
    // Every marker replaced by this remap's root path.
    std::string to_local(std::string_view text) const;
    // A compiler argument as it enters a key. A path under a root, alone or as the value of a
    // path option (-I<root>/inc, -include, --sysroot=, -f*-prefix-map=), is made portable: the
    // compiler sees it through -ffile-prefix-map. A root path anywhere else (-DDATA="<root>/x",
    // -Wl,-rpath,<root>/lib) reaches the output as written, so it stays as it is: only this
    // checkout's compiles share that result (`path_sensitive` says so).
    std::string portable_argument(std::string_view arg, bool& path_sensitive) const;

  private:
    std::vector<Root> roots_;
};

// The manifest with every path and replayed text (deps, absent paths, output paths, stdout,
// stderr, dep file) turned portable for the index, or local for this compile's roots.
Manifest portable_manifest(const Manifest& manifest, const PathRemap& remap);
Manifest local_manifest(const Manifest& manifest, const PathRemap& remap);

// The enclosing directory holding a `.git` file or directory, walking up from `cwd`.
std::optional<std::string> find_git_root(const std::string& cwd);

// Whether the build asked for worktree sharing (ZCCACHE_PATH_REMAP=auto in `env`).
bool remap_requested(std::span<const std::string> env);

// The remap for a compile: none unless ZCCACHE_PATH_REMAP=auto in `env`; the root is
// ZCCACHE_WORKTREE_ROOT or the git root of `cwd`; a `cwd` outside it is a second root.
PathRemap remap_for(std::span<const std::string> env, const std::string& cwd);

// The -ffile-prefix-map flags to add for `remap`, leaving out roots the user already maps with
// -ffile-prefix-map (longer roots last: gcc applies the last match).
std::vector<std::string> prefix_map_flags(const PathRemap& remap, const std::vector<std::string>& args);
// The same for rustc: --remap-path-prefix=<root>=.
std::vector<std::string> remap_path_prefix_flags(const PathRemap& remap, const std::vector<std::string>& args);

}  // namespace zc::cache
