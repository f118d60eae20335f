#pragma once
// How the kernel resolves a directory's path: the directories the lookup reads, in order, and
// the name it looks up in each, symlinks followed. While none of those names changes in its
// directory (no rename, retargeted symlink or removal there) and no mount moves, the path
// still names the same directory — which is what lets a watch on that directory vouch for it.

#include <functional>
#include <string>
#include <vector>

namespace zc::meta {

struct LookupStep {
    int dir = -1;      // the caller's handle for a directory the lookup read
    std::string name;  // the name it looked up there
};

struct DirectoryLookup {
    int dir = -1;      // the caller's handle for the directory the path names
    std::string real;  // its path without symlinks, "." or ".."
    std::vector<LookupStep> steps;
};

// `open_dir(real_path)` gives the caller's handle (a watch) for a directory, or -1 to give up;
// it is called for each directory before any name in it is looked up, so that a change made
// after the lookup read a name is seen by the handle. False when `path` is not an absolute
// path to a directory, a symlink loop, or `open_dir` gave up.
bool look_up_directory(const std::string& path, const std::function<int(const std::string&)>& open_dir,
                       DirectoryLookup& out);

}  // namespace zc::meta
