#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/fs.h"
#include "meta/watcher.h"

namespace zc::meta {

namespace {

constexpr uint32_t kWatchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE |
                                IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
                                IN_ONLYDIR;

class InotifyWatcher final : public DirectoryWatcher {
public:
    InotifyWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

    std::shared_ptr<WatchedDir> watch(const std::string& dir) override {
        std::lock_guard lock(mutex_);
        if (!fd_.valid()) return nullptr;
        if (auto it = by_path_.find(dir); it != by_path_.end()) return it->second;
        int wd = ::inotify_add_watch(fd_.get(), dir.c_str(), kWatchMask);
        if (wd < 0) return nullptr;
        // The same directory under another name (a symlink) shares the watch descriptor.
        Watch& watch = by_wd_[wd];
        if (!watch.dir) watch.dir = std::make_shared<WatchedDir>();
        watch.paths.push_back(dir);
        by_path_[dir] = watch.dir;
        return watch.dir;
    }

    void drain(const ChangeCallback& changed) override {
        std::lock_guard lock(mutex_);
        if (!fd_.valid()) return;
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
        return by_wd_.size();
    }

private:
    struct Watch {
        std::shared_ptr<WatchedDir> dir;
        std::vector<std::string> paths;  // every name it was watched under
    };

    void apply(const struct inotify_event& event, const ChangeCallback& changed) {
        if (event.mask & IN_Q_OVERFLOW) {
            // Events were lost: every entry must be revalidated.
            for (auto& [wd, watch] : by_wd_) {
                watch.dir->generation.fetch_add(1);
                watch.dir->record_event({});
            }
            return;
        }
        auto it = by_wd_.find(event.wd);
        if (it == by_wd_.end()) return;
        Watch& watch = it->second;
        std::string_view name = event.len > 0 ? std::string_view(event.name) : std::string_view();
        watch.dir->record_event(name);
        if (!name.empty()) {
            for (const std::string& path : watch.paths) changed(path, name);
        }
        if (event.mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
            watch.dir->valid.store(false);
            for (const std::string& path : watch.paths) by_path_.erase(path);
            if (event.mask & IN_IGNORED) {
                by_wd_.erase(it);
            } else {
                ::inotify_rm_watch(fd_.get(), event.wd);
            }
        }
    }

    mutable std::mutex mutex_;
    common::UniqueFd fd_;
    std::unordered_map<int, Watch> by_wd_;
    std::unordered_map<std::string, std::shared_ptr<WatchedDir>> by_path_;
};

}  // namespace

std::unique_ptr<DirectoryWatcher> make_inotify_watcher() { return std::make_unique<InotifyWatcher>(); }

}  // namespace zc::meta
