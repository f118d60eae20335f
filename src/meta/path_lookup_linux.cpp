#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <string_view>

#include "meta/path_lookup.h"

namespace zc::meta {

namespace {

// As the kernel's limit on symlinks followed in one lookup.
constexpr int kMaxSymlinks = 40;

void push_components(std::string_view path, std::deque<std::string>& pending) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (!part.empty() && part != ".") parts.emplace_back(part);
        start = end + 1;
    }
    pending.insert(pending.begin(), parts.begin(), parts.end());
}

bool read_link(const std::string& path, std::string& target) {
    char buf[4096];
    ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    if (n <= 0 || static_cast<size_t>(n) >= sizeof buf) return false;
    target.assign(buf, static_cast<size_t>(n));
    return true;
}

struct Resolved {
    std::string real;
    int dir;
};

}  // namespace

bool look_up_directory(const std::string& path, const std::function<int(const std::string&)>& open_dir,
                       DirectoryLookup& out) {
    out = DirectoryLookup{};
    if (path.empty() || path[0] != '/') return false;
    // The directories from the root to where the lookup stands: ".." goes back one.
    std::vector<Resolved> stack;
    int root = open_dir("/");
    if (root < 0) return false;
    stack.push_back({"/", root});
    std::deque<std::string> pending;
    push_components(path, pending);
    int links = 0;
    while (!pending.empty()) {
        std::string name = std::move(pending.front());
        pending.pop_front();
        if (name == "..") {
            if (stack.size() > 1) stack.pop_back();
            continue;
        }
        const Resolved& here = stack.back();
        out.steps.push_back({here.dir, name});
        std::string next = here.real == "/" ? "/" + name : here.real + "/" + name;
        struct stat st;
        if (::lstat(next.c_str(), &st) != 0) return false;
        if (S_ISLNK(st.st_mode)) {
            std::string target;
            if (++links > kMaxSymlinks || !read_link(next, target)) return false;
            if (target[0] == '/') stack.resize(1);
            push_components(target, pending);
            continue;
        }
        if (!S_ISDIR(st.st_mode)) return false;
        int dir = open_dir(next);
        if (dir < 0) return false;
        stack.push_back({std::move(next), dir});
    }
    out.dir = stack.back().dir;
    out.real = stack.back().real;
    return true;
}

}  // namespace zc::meta
