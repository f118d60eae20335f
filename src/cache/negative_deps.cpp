#include "cache/negative_deps.h"

#include <unordered_map>
#include <unordered_set>

#include "common/paths.h"

namespace zc::cache {

namespace {

// Existence answers, asked once each, and the topmost missing directory on the way to a
// candidate, which stands for it: a file cannot appear there without that directory appearing
// first, so that one missing built-in directory or `bits/` subdirectory is one absent path
// instead of one per header.
class AbsentRoots {
  public:
    explicit AbsentRoots(const std::function<bool(const std::string&)>& exists) : exists_(exists) {}

    bool present(const std::string& path) {
        auto [it, inserted] = known_.try_emplace(path, false);
        if (inserted) it->second = exists_(path);
        return it->second;
    }

    // Empty when `dir`/`relative` exists.
    std::string root(const std::string& dir, std::string_view relative) {
        if (!present(dir)) return dir;
        std::string path = dir;
        while (true) {
            size_t slash = relative.find('/');
            path += "/";
            path += relative.substr(0, slash);
            if (slash == std::string_view::npos) return present(path) ? std::string() : path;
            if (!present(path)) return path;
            relative.remove_prefix(slash + 1);
        }
    }

  private:
    const std::function<bool(const std::string&)>& exists_;
    std::unordered_map<std::string, bool> known_;
};

}  // namespace

std::vector<std::string> shadowing_candidates(const std::vector<std::string>& search_dirs,
                                              const std::vector<std::string>& deps,
                                              const std::function<bool(const std::string&)>& exists) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    AbsentRoots roots(exists);
    for (const std::string& dep : deps) {
        for (size_t k = 0; k < search_dirs.size(); ++k) {
            const std::string& dir = search_dirs[k];
            if (dep.size() <= dir.size() + 1 || dep.compare(0, dir.size(), dir) != 0 || dep[dir.size()] != '/') {
                continue;
            }
            std::string_view relative = std::string_view(dep).substr(dir.size() + 1);
            for (size_t j = 0; j < k; ++j) {
                if (search_dirs[j] + "/" + std::string(relative) == dep) continue;
                std::string absent = roots.root(search_dirs[j], relative);
                if (!absent.empty() && seen.insert(absent).second) out.push_back(std::move(absent));
            }
            // No break: directories may nest (the source's directory often holds the include
            // directories), and without the include's spelling every reading must be covered.
        }
    }
    return out;
}

std::vector<std::string> includer_candidates(const std::vector<std::string>& search_dirs,
                                             const std::vector<IncludeEdge>& edges,
                                             const std::function<bool(const std::string&)>& exists) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    AbsentRoots roots(exists);
    for (const IncludeEdge& edge : edges) {
        if (!search_dirs.empty() && edge.includer_dir == search_dirs.front()) continue;  // covered already
        for (const std::string& dir : search_dirs) {
            const std::string& dep = edge.header;
            if (dep.size() <= dir.size() + 1 || dep.compare(0, dir.size(), dir) != 0 || dep[dir.size()] != '/') {
                continue;
            }
            std::string_view relative = std::string_view(dep).substr(dir.size() + 1);
            if (edge.includer_dir + "/" + std::string(relative) == dep) continue;
            std::string absent = roots.root(edge.includer_dir, relative);
            if (!absent.empty() && seen.insert(absent).second) out.push_back(std::move(absent));
        }
    }
    return out;
}

SearchCandidates probe_candidates(const std::vector<std::string>& search_dirs, const std::vector<Probe>& probes,
                                  const std::function<bool(const std::string&)>& exists) {
    SearchCandidates out;
    std::unordered_set<std::string> seen;
    AbsentRoots roots(exists);
    auto add = [&](std::vector<std::string>& list, std::string path) {
        if (seen.insert(path).second) list.push_back(std::move(path));
    };
    for (const Probe& probe : probes) {
        if (probe.name.starts_with("/")) {  // an absolute name is one place
            add(roots.present(probe.name) ? out.present : out.absent, probe.name);
            continue;
        }
        // `__has_include_next` starts later in the list; starting at the front covers it too.
        std::vector<const std::string*> dirs;
        if (!probe.angle) dirs.push_back(&probe.from_dir);
        for (const std::string& dir : search_dirs) dirs.push_back(&dir);
        for (const std::string* dir : dirs) {
            std::string absent = roots.root(*dir, probe.name);
            if (absent.empty()) {
                add(out.present, *dir + "/" + probe.name);
            } else {
                add(out.absent, std::move(absent));
            }
        }
    }
    return out;
}

SearchCandidates library_shadowing_candidates(const std::vector<std::string>& lib_dirs,
                                              const std::vector<std::string>& libs,
                                              const std::vector<std::string>& deps,
                                              const std::function<bool(const std::string&)>& exists) {
    SearchCandidates out;
    std::unordered_set<std::string> seen(deps.begin(), deps.end());
    auto add = [&](const std::string& candidate) {
        if (!seen.insert(candidate).second) return;
        (exists(candidate) ? out.present : out.absent).push_back(candidate);
    };
    for (const std::string& lib : libs) {
        std::vector<std::string> names;
        if (lib.starts_with(":")) {
            names = {lib.substr(1)};
        } else {
            names = {"lib" + lib + ".so", "lib" + lib + ".a"};
        }
        // Where the linker found it: the first directory holding a dependency of that name.
        size_t found_at = lib_dirs.size();
        std::string found_name;
        for (const std::string& dep : deps) {
            std::string_view base = common::base_name(dep);
            std::string_view dir = common::dir_name(dep);
            for (size_t k = 0; k < found_at; ++k) {
                if (lib_dirs[k] != dir) continue;
                for (const std::string& name : names) {
                    if (name == base) {
                        found_at = k;
                        found_name = name;
                    }
                }
            }
        }
        for (size_t k = 0; k < found_at; ++k) {
            for (const std::string& name : names) add(lib_dirs[k] + "/" + name);
        }
        if (found_at < lib_dirs.size() && found_name.ends_with(".a") && names.size() == 2) {
            add(lib_dirs[found_at] + "/" + names[0]);
        }
    }
    return out;
}

}  // namespace zc::cache
