#include "daemon/tools/side_effects.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>

#include "common/fs.h"
#include "common/paths.h"

namespace zc::daemon {

namespace {

bool belongs_to_output(std::string_view name, std::string_view output_name) {
    if (name.size() > output_name.size() + 1 && name.starts_with(output_name) && name[output_name.size()] == '.') {
        return true;
    }
    std::string_view ext = common::extension(output_name);
    if (ext != ".js" && ext != ".mjs" && ext != ".html") return false;
    std::string_view stem = output_name.substr(0, output_name.size() - ext.size());
    return name.size() > stem.size() + 1 && name.starts_with(stem) && name[stem.size()] == '.' && name != output_name;
}

}  // namespace

DirSnapshot snapshot_dir(const std::string& dir) {
    DirSnapshot snap;
    snap.dir = dir;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return snap;
    while (struct dirent* e = ::readdir(d)) {
        struct stat st;
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
        snap.files[e->d_name] = FileStamp{st.st_ino, st.st_size, common::timespec_ns(st.st_mtim)};
    }
    ::closedir(d);
    return snap;
}

std::vector<std::string> changed_since(const DirSnapshot& before, const std::function<bool(std::string_view)>& wanted) {
    std::vector<std::string> out;
    DirSnapshot after = snapshot_dir(before.dir);
    for (const auto& [name, stamp] : after.files) {
        if (!wanted(name)) continue;
        auto it = before.files.find(name);
        if (it != before.files.end() && it->second == stamp) continue;
        out.push_back(before.dir + "/" + name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> link_side_files(const DirSnapshot& before, const std::string& output,
                                         const std::vector<std::string>& named, bool unnamed_too) {
    std::string_view output_name = common::base_name(output);
    std::vector<std::string> out;
    if (unnamed_too) {
        out = changed_since(before, [&](std::string_view name) { return belongs_to_output(name, output_name); });
    }
    for (const std::string& path : named) {
        struct stat st;
        if (path != output && std::find(out.begin(), out.end(), path) == out.end() && ::lstat(path.c_str(), &st) == 0 &&
            S_ISREG(st.st_mode)) {
            out.push_back(path);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace zc::daemon
