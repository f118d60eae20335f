#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/fs.h"
#include "meta/filesystem_kind.h"
#include "meta/path_lookup.h"
#include "meta/watcher.h"

namespace zc::meta {

namespace {

constexpr uint32_t kWatchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;
// A file's own watch: what a write through any of its names does to the inode. Added with
// IN_MASK_ADD, so a directory that a racing rename put there keeps its directory mask.
constexpr uint32_t kFileMask =
    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF | IN_DONT_FOLLOW | IN_MASK_ADD;

// The share of the user's inotify watches (shared with editors and IDEs) that file watches may
// take; files beyond it are checked by stat on every lookup.
size_t file_watch_budget() {
    size_t limit = 8192;
    if (std::optional<std::string> text = common::read_file("/proc/sys/fs/inotify/max_user_watches")) {
        limit = static_cast<size_t>(std::strtoull(text->c_str(), nullptr, 10));
    }
    return std::min<size_t>(limit / 4, 65536);
}

// inotify watches inodes, not paths: a watched directory's path can come to name another
// directory with no event in it (a symlink on the way retargeted, an ancestor renamed and a new
// tree put in its place, a mount). So each watched path also watches every directory its lookup
// read, and an event for a name the lookup used there ends the path's watch; a change of the
// mount table (/proc/self/mountinfo polls POLLPRI) ends every watch.
class InotifyWatcher final : public DirectoryWatcher {
  public:
    InotifyWatcher()
        : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)),
          mounts_(::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)),
          file_budget_(file_watch_budget()) {}

    std::shared_ptr<WatchedDir> watch(const std::string& dir) override {
        std::lock_guard lock(mutex_);
        // Without the mount table's notifications a mount could go unseen: watch nothing.
        if (!fd_.valid() || !mounts_.valid()) return nullptr;
        if (auto it = by_path_.find(dir); it != by_path_.end()) return it->second;
        if (unwatchable_.contains(dir)) return nullptr;
        DirectoryLookup lookup;
        if (!look_up_directory(
                dir, [this](const std::string& real) { return add_kernel_watch(real); }, lookup)) {
            return nullptr;
        }
        if (!watch_sees_every_change(lookup.real)) {
            unwatchable_.insert(dir);
            return nullptr;
        }
        auto view = std::make_shared<WatchedDir>();
        view->real = lookup.real;
        kernel_[lookup.dir].views.push_back({dir, view});
        for (const LookupStep& step : lookup.steps) {
            std::vector<View>& users = kernel_[step.dir].lookups[step.name];
            std::erase_if(users, [](const View& v) { return !v.dir->valid.load(); });
            users.push_back({dir, view});
        }
        by_path_[dir] = view;
        return view;
    }

    bool watch_file(const std::string& dir, std::string_view name) override {
        std::lock_guard lock(mutex_);
        auto view = by_path_.find(dir);
        if (view == by_path_.end() || file_watches_ >= file_budget_) return false;
        std::string path = dir + "/" + std::string(name);
        int wd = ::inotify_add_watch(fd_.get(), path.c_str(), kFileMask);
        if (wd < 0) return false;
        auto [it, added] = kernel_.try_emplace(wd);
        KernelWatch& watch = it->second;
        if (added) {
            watch.file = true;
            ++file_watches_;
        }
        std::erase_if(watch.names, [](const Name& n) { return !n.view.dir->valid.load(); });
        bool known = std::any_of(watch.names.begin(), watch.names.end(),
                                 [&](const Name& n) { return n.view.dir == view->second && n.name == name; });
        if (!known) watch.names.push_back({{dir, view->second}, std::string(name)});
        return true;
    }

    void drain(const ChangeCallback& changed) override {
        std::lock_guard lock(mutex_);
        if (!fd_.valid()) return;
        struct pollfd fds[2] = {{fd_.get(), POLLIN, 0}, {mounts_.get(), POLLPRI, 0}};
        int ready;
        do {
            ready = ::poll(fds, mounts_.valid() ? 2 : 1, 0);
        } while (ready < 0 && errno == EINTR);
        if (ready <= 0) return;
        if (fds[1].revents & (POLLPRI | POLLERR)) forget_everything();
        if (!(fds[0].revents & POLLIN)) return;
        alignas(struct inotify_event) char buf[64 * 1024];
        for (;;) {
            ssize_t n = ::read(fd_.get(), buf, sizeof buf);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) continue;
                return;  // EAGAIN: nothing pending
            }
            for (char* p = buf; p < buf + n;) {
                auto* event = reinterpret_cast<struct inotify_event*>(p);
                apply(*event, changed);
                p += sizeof(struct inotify_event) + event->len;
            }
        }
    }

    size_t watch_count() const override {
        std::lock_guard lock(mutex_);
        return kernel_.size();
    }

  private:
    struct View {
        std::string path;
        std::shared_ptr<WatchedDir> dir;
    };
    struct Name {
        View view;
        std::string name;
    };
    // One kernel watch: a directory's inode, or a file's.
    struct KernelWatch {
        std::vector<View> views;  // watched paths that name this directory
        // name -> watched paths whose lookup read that name in this directory
        std::unordered_map<std::string, std::vector<View>> lookups;
        // For a file's watch: the watched directories and names it was watched as.
        std::vector<Name> names;
        bool file = false;
    };

    int add_kernel_watch(const std::string& real) {
        int wd = ::inotify_add_watch(fd_.get(), real.c_str(), kWatchMask);
        if (wd >= 0) kernel_.try_emplace(wd);
        return wd;
    }

    void end(const View& view) {
        view.dir->valid.store(false);
        auto it = by_path_.find(view.path);
        if (it != by_path_.end() && it->second == view.dir) by_path_.erase(it);
    }

    // Events were lost or a mount moved: nothing watched is vouched for any more. Watches are
    // made afresh on the next lookups.
    void forget_everything() {
        for (auto& [wd, watch] : kernel_) {
            for (const View& view : watch.views) end(view);
            for (auto& [name, users] : watch.lookups) {
                for (const View& view : users) end(view);
            }
            ::inotify_rm_watch(fd_.get(), wd);
        }
        kernel_.clear();
        file_watches_ = 0;
        by_path_.clear();
        unwatchable_.clear();
    }

    void apply(const struct inotify_event& event, const ChangeCallback& changed) {
        if (event.mask & IN_Q_OVERFLOW) {
            forget_everything();
            return;
        }
        auto it = kernel_.find(event.wd);
        if (it == kernel_.end()) return;
        KernelWatch& watch = it->second;
        std::string_view name = event.len > 0 ? std::string_view(event.name) : std::string_view();
        std::erase_if(watch.views, [](const View& v) { return !v.dir->valid.load(); });
        for (const View& view : watch.views) {
            view.dir->record_event(name);
            if (!name.empty()) changed(view.path, name);
        }
        if (name.empty()) {
            // The file itself changed, through whichever name: an event for each name we know.
            for (const Name& known : watch.names) {
                if (!known.view.dir->valid.load()) continue;
                known.view.dir->record_event(known.name);
                changed(known.view.path, known.name);
            }
        }
        if (!name.empty()) {
            // A name some watched path was looked up through changed: that path may now lead
            // elsewhere.
            if (auto users = watch.lookups.find(std::string(name)); users != watch.lookups.end()) {
                for (const View& view : users->second) end(view);
                watch.lookups.erase(users);
            }
        }
        if (event.mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
            for (const View& view : watch.views) end(view);
            for (auto& [looked_up, users] : watch.lookups) {
                for (const View& view : users) end(view);
            }
            if (event.mask & IN_IGNORED) {
                if (watch.file) --file_watches_;
                kernel_.erase(it);
            } else {
                watch.views.clear();
                watch.lookups.clear();
                ::inotify_rm_watch(fd_.get(), event.wd);
            }
        }
    }

    mutable std::mutex mutex_;
    common::UniqueFd fd_;
    common::UniqueFd mounts_;
    std::unordered_map<int, KernelWatch> kernel_;
    std::unordered_map<std::string, std::shared_ptr<WatchedDir>> by_path_;
    std::unordered_set<std::string> unwatchable_;  // on filesystems inotify does not see whole
    const size_t file_budget_;
    size_t file_watches_ = 0;
};

}  // namespace

std::unique_ptr<DirectoryWatcher> make_inotify_watcher() {
    return std::make_unique<InotifyWatcher>();
}

}  // namespace zc::meta
