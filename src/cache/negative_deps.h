#pragma once
// Shadowing: a header created in an include directory searched before the one a dependency was
// found in changes the compile without changing any recorded dependency. For each dependency
// found under search directory k (any k whose directory holds it: directories may nest), the
// same relative path under directories 0..k-1 must stay absent; these are the paths recorded
// and checked, each as its topmost missing directory when one is missing. Over-approximating
// only costs a rare extra miss.

#include <functional>
#include <string>
#include <vector>

namespace zc::cache {

// `search_dirs`: absolute, in search order (the source's directory first). `exists` is asked
// about each candidate; only candidates absent now are returned.
std::vector<std::string> shadowing_candidates(const std::vector<std::string>& search_dirs,
                                              const std::vector<std::string>& deps,
                                              const std::function<bool(const std::string&)>& exists);

// A header and the directory of the file that included it: a quoted include looks there first,
// before any search directory.
struct IncludeEdge {
    std::string includer_dir;
    std::string header;
};

// For each edge, the header's relative path under each search directory holding it, taken from
// the includer's directory: absent ones must stay absent (an include there would shadow it).
std::vector<std::string> includer_candidates(const std::vector<std::string>& search_dirs,
                                             const std::vector<IncludeEdge>& edges,
                                             const std::function<bool(const std::string&)>& exists);

// `__has_include("name")` / `(<name>)` seen in a file of the compile (`from_dir`: its directory).
struct Probe {
    std::string from_dir;
    std::string name;
    bool angle = false;
};

// Every place the compiler may look for each probe (the probing file's own directory for "…",
// then the search list): the files there now, which must stay as they are (dependencies), and
// the absent ones as their topmost missing paths, which must stay absent.
struct SearchCandidates {
    std::vector<std::string> present;
    std::vector<std::string> absent;
};
SearchCandidates probe_candidates(const std::vector<std::string>& search_dirs, const std::vector<Probe>& probes,
                                  const std::function<bool(const std::string&)>& exists);

// The same for a link's `-l` libraries: `-lfoo` takes the first of libfoo.so / libfoo.a along
// the search directories, so either name appearing in an earlier directory, or libfoo.so beside
// a libfoo.a that was used, would change the link: those are `absent`. Ones that exist in an
// earlier directory but were passed over (of another architecture, or the same file under
// another spelling of its directory) are `present`: dependencies. `lib_dirs` absolute, in the
// linker's order; `deps` from the linker's dependency file, absolute.
SearchCandidates library_shadowing_candidates(const std::vector<std::string>& lib_dirs,
                                              const std::vector<std::string>& libs,
                                              const std::vector<std::string>& deps,
                                              const std::function<bool(const std::string&)>& exists);

}  // namespace zc::cache
