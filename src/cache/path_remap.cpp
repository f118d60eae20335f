#include "cache/path_remap.h"

#include <sys/stat.h>

#include <cctype>

#include "common/env.h"
#include "common/paths.h"

namespace zc::cache {

namespace {

constexpr std::string_view kRootMarker = "@ZCCACHE_ROOT@";
constexpr std::string_view kCwdMarker = "@ZCCACHE_CWD@";

// A root matches only as a whole path: /w/wt1 is not a prefix of /w/wt10.
bool ends_path_component(std::string_view text, size_t at) {
    if (at >= text.size()) return true;
    char c = text[at];
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+' || c == '~');
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to, bool whole_path) {
    std::string out;
    size_t start = 0;
    while (true) {
        size_t at = text.find(from, start);
        if (at == std::string_view::npos) break;
        if (whole_path && !ends_path_component(text, at + from.size())) {
            out.append(text.substr(start, at + from.size() - start));
            start = at + from.size();
            continue;
        }
        out.append(text.substr(start, at - start));
        out.append(to);
        start = at + from.size();
    }
    out.append(text.substr(start));
    return out;
}

std::string trim_trailing_slash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

bool inside(std::string_view path, std::string_view root) {
    return path == root || (path.starts_with(root) && path.size() > root.size() && path[root.size()] == '/');
}

// Options whose value is a path the compiler opens or maps, joined (-I<dir>) or after '='.
constexpr std::string_view kPathOptions[] = {
    "-I",
    "-iquote",
    "-isystem",
    "-idirafter",
    "-include",
    "-imacros",
    "-isysroot",
    "--sysroot=",
    "-L",
    "-ffile-prefix-map=",
    "-fdebug-prefix-map=",
    "-fmacro-prefix-map=",
    "-fprofile-use=",
    "-fprofile-instr-use=",
    "-MF",
    "-MT",
    "-MQ",
    "-o",
    "--include-directory=",
    "--include-directory-after=",
    "--output=",
};

}  // namespace

std::string PathRemap::portable_argument(std::string_view arg, bool& path_sensitive) const {
    std::string portable = to_portable(arg);
    if (portable == arg) return portable;  // no root in it
    std::string_view value = arg;
    for (std::string_view option : kPathOptions) {
        if (arg.starts_with(option)) {
            value = arg.substr(option.size());
            break;
        }
    }
    for (const Root& root : roots_) {
        if (inside(value.substr(0, value.find('=')), root.path)) return portable;
    }
    path_sensitive = true;
    return std::string(arg);
}

void PathRemap::add_root(std::string path, std::string marker) {
    // Longest first: a build directory inside another root keeps its own marker.
    auto at = roots_.begin();
    while (at != roots_.end() && at->path.size() >= path.size()) ++at;
    roots_.insert(at, {std::move(path), std::move(marker)});
}

std::string PathRemap::origin() const {
    if (roots_.empty()) return {};
    common::Hasher h;
    for (const Root& root : roots_) h.field("root", root.path);
    return h.digest().bytes();
}

bool PathRemap::covers(std::string_view path) const {
    for (const Root& root : roots_) {
        if (inside(path, root.path)) return true;
    }
    return false;
}

std::string PathRemap::to_portable(std::string_view text) const {
    std::string out(text);
    for (const Root& root : roots_) out = replace_all(out, root.path, root.marker, true);
    return out;
}

std::string PathRemap::to_local(std::string_view text) const {
    std::string out(text);
    for (const Root& root : roots_) out = replace_all(out, root.marker, root.path, false);
    return out;
}

namespace {
template <typename Convert>
Manifest convert_manifest(const Manifest& manifest, Convert convert) {
    Manifest out = manifest;
    for (ManifestEntry& entry : out.entries) {
        for (Dependency& dep : entry.deps) dep.path = convert(dep.path);
        for (std::string& path : entry.absent) path = convert(path);
        for (OutputRecord& output : entry.outputs) output.path = convert(output.path);
        entry.stdout_data = convert(entry.stdout_data);
        entry.stderr_data = convert(entry.stderr_data);
        entry.dep_file_text = convert(entry.dep_file_text);
        for (EnvDependency& var : entry.env_deps) var.value = convert(var.value);  // OUT_DIR
    }
    return out;
}
}  // namespace

Manifest portable_manifest(const Manifest& manifest, const PathRemap& remap) {
    if (!remap.active()) return manifest;
    return convert_manifest(manifest, [&](const std::string& text) { return remap.to_portable(text); });
}

Manifest local_manifest(const Manifest& manifest, const PathRemap& remap) {
    if (!remap.active()) return manifest;
    return convert_manifest(manifest, [&](const std::string& text) { return remap.to_local(text); });
}

std::optional<std::string> find_git_root(const std::string& cwd) {
    std::string dir = trim_trailing_slash(cwd);
    while (!dir.empty()) {
        struct stat st;
        if (::stat((dir + "/.git").c_str(), &st) == 0) return dir;
        if (dir == "/") break;
        std::string_view parent = common::dir_name(dir);
        dir = parent == "." || parent.empty() ? "/" : std::string(parent);
    }
    return std::nullopt;
}

bool remap_requested(std::span<const std::string> env) {
    auto setting = common::env_lookup(env, "ZCCACHE_PATH_REMAP");
    return setting && *setting == "auto";
}

PathRemap remap_for(std::span<const std::string> env, const std::string& cwd) {
    PathRemap remap;
    if (!remap_requested(env)) return remap;
    std::optional<std::string> root;
    if (auto given = common::env_lookup(env, "ZCCACHE_WORKTREE_ROOT"); given && !given->empty()) {
        root = trim_trailing_slash(common::absolute_from(cwd, *given));
    } else {
        root = find_git_root(cwd);
    }
    if (!root || *root == "/") return remap;
    std::string work_dir = trim_trailing_slash(cwd);
    if (!inside(work_dir, *root)) remap.add_root(work_dir, std::string(kCwdMarker));
    remap.add_root(*root, std::string(kRootMarker));
    return remap;
}

namespace {
// The roots the user does not map already, in the order compilers want their maps: they try
// the last one first, so the more specific (longer) root goes last.
template <typename MappedByUser>
std::vector<const PathRemap::Root*> roots_to_map(const PathRemap& remap, MappedByUser mapped) {
    std::vector<const PathRemap::Root*> out;
    for (auto it = remap.roots().rbegin(); it != remap.roots().rend(); ++it) {
        if (!mapped(it->path + "=")) out.push_back(&*it);
    }
    return out;
}
}  // namespace

std::vector<std::string> prefix_map_flags(const PathRemap& remap, const std::vector<std::string>& args) {
    std::vector<std::string> out;
    // Only a map of the root for every kind of path replaces ours: one for debug info, macros,
    // coverage or profiles alone leaves the others to ours (it still wins for its own kind).
    auto mapped = [&](const std::string& root_eq) {
        for (const std::string& arg : args) {
            if (arg.starts_with("-ffile-prefix-map=" + root_eq)) return true;
        }
        return false;
    };
    for (const PathRemap::Root* root : roots_to_map(remap, mapped))
        out.push_back("-ffile-prefix-map=" + root->path + "=.");
    return out;
}

std::vector<std::string> remap_path_prefix_flags(const PathRemap& remap, const std::vector<std::string>& args) {
    std::vector<std::string> out;
    auto mapped = [&](const std::string& root_eq) {
        for (size_t i = 0; i < args.size(); ++i) {
            if (args[i].starts_with("--remap-path-prefix=" + root_eq)) return true;
            if (args[i] == "--remap-path-prefix" && i + 1 < args.size() && args[i + 1].starts_with(root_eq))
                return true;
        }
        return false;
    };
    for (const PathRemap::Root* root : roots_to_map(remap, mapped))
        out.push_back("--remap-path-prefix=" + root->path + "=.");
    return out;
}

}  // namespace zc::cache
