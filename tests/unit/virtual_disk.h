#pragma once
// An in-memory filesystem with a clock of its own, and the watcher that sees it: the metadata
// cache and the validator run on them in unit tests that count every call they make, and that
// can do what a real disk only does by luck (a write within the same timestamp tick, an event
// arriving while a file is read, a watch that is lost).

#include <sys/stat.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "meta/disk.h"
#include "meta/watcher.h"

namespace zc::virtual_fs {

inline constexpr int64_t kSecond = 1'000'000'000;

class VirtualWatcher;

class VirtualDisk final : public meta::Disk {
  public:
    struct Calls {
        int lstat = 0, stat = 0, read_link = 0, read = 0, real_path = 0;
        int total() const { return lstat + stat + read_link + read + real_path; }
    };
    Calls calls;
    // Runs inside read(), between its two stats: a write here is a write during the read.
    std::function<void()> during_read;

    VirtualDisk() { nodes_["/"] = Node{S_IFDIR | 0755, {}, {}, next_ino_++, clock_ns_, clock_ns_}; }

    void watched_by(VirtualWatcher* watcher) { watcher_ = watcher; }
    int64_t clock() const { return clock_ns_; }
    void advance(int64_t ns) { clock_ns_ += ns; }

    void mkdir(const std::string& path) { put(path, Node{S_IFDIR | 0755, {}, {}, next_ino_++, clock_ns_, clock_ns_}); }
    // Creates or replaces `path` by a new file (a new inode, as an atomic rename gives).
    void write(const std::string& path, std::string data, mode_t perms = 0644) {
        put(path, Node{S_IFREG | perms, std::move(data), {}, next_ino_++, clock_ns_, clock_ns_});
    }
    // Rewrites the file in place to the same size: its inode and size stay, its times become
    // the clock's. Within the tick of its last write (the clock not advanced), its stat is
    // unchanged: then only a watch event, or the racy-window rule, can tell.
    void rewrite_in_place(const std::string& path, std::string data) {
        Node& node = nodes_.at(path);
        data.resize(node.data.size(), '.');
        node.data = std::move(data);
        node.mtime_ns = node.ctime_ns = clock_ns_;
        changed(path);
    }
    void symlink(const std::string& target, const std::string& path) {
        put(path, Node{S_IFLNK | 0777, {}, target, next_ino_++, clock_ns_, clock_ns_});
    }
    void fifo(const std::string& path) { put(path, Node{S_IFIFO | 0644, {}, {}, next_ino_++, clock_ns_, clock_ns_}); }
    void remove(const std::string& path);

    std::optional<meta::DiskStat> lstat(const std::string& path) override {
        ++calls.lstat;
        return stat_of(resolve(path, false));
    }
    std::optional<meta::DiskStat> stat(const std::string& path) override {
        ++calls.stat;
        return stat_of(resolve(path, true));
    }
    std::optional<std::string> read_link(const std::string& path) override {
        ++calls.read_link;
        const Node* node = find(resolve(path, false));
        if (!node || !S_ISLNK(node->mode)) return std::nullopt;
        return node->target;
    }
    meta::ReadStatus read(const std::string& path, std::string& data, meta::DiskStat& before,
                          meta::DiskStat& after) override {
        ++calls.read;
        std::string real = resolve(path, true);
        std::optional<meta::DiskStat> st = stat_of(real);
        if (!st) return meta::ReadStatus::kGone;
        before = *st;
        if (!S_ISREG(st->mode)) return meta::ReadStatus::kNotRegular;
        data = nodes_.at(real).data;
        if (during_read) during_read();
        st = stat_of(real);
        if (!st) return meta::ReadStatus::kFailed;
        after = *st;
        return meta::ReadStatus::kRead;
    }
    std::optional<std::string> real_path(const std::string& path) override {
        ++calls.real_path;
        std::string real = resolve(path, true);
        if (!find(real)) return std::nullopt;
        return real;
    }
    int64_t now_realtime_ns() override { return clock_ns_; }

    // The path with every symlink resolved ("" when a component is missing or links loop), and
    // in `through` the (directory, name) pairs the walk looked up, as a kernel lookup reads them.
    std::string resolve(const std::string& path, bool follow_last,
                        std::vector<std::pair<std::string, std::string>>* through = nullptr) const;

  private:
    struct Node {
        mode_t mode;
        std::string data;
        std::string target;  // a symlink's
        ino_t ino;
        int64_t mtime_ns;
        int64_t ctime_ns;
    };
    static std::pair<std::string, std::string> split(const std::string& path) {
        size_t slash = path.rfind('/');
        return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
    }
    const Node* find(const std::string& path) const {
        auto it = nodes_.find(path);
        return it == nodes_.end() ? nullptr : &it->second;
    }
    std::optional<meta::DiskStat> stat_of(const std::string& real) const {
        const Node* node = find(real);
        if (!node) return std::nullopt;
        int64_t size = static_cast<int64_t>(S_ISLNK(node->mode) ? node->target.size() : node->data.size());
        return meta::DiskStat{node->mode, 1, node->ino, size, node->mtime_ns, node->ctime_ns};
    }
    void put(const std::string& path, Node node) {
        nodes_[path] = std::move(node);
        changed(path);
    }
    void changed(const std::string& path);

    std::map<std::string, Node> nodes_;  // by path without symlinks
    ino_t next_ino_ = 2;
    int64_t clock_ns_ = 1'000'000'000'000;
    VirtualWatcher* watcher_ = nullptr;
};

// Watches the virtual disk as inotify watches a real one: a change is queued and reaches the
// watched directories when drained; a path looked up through a link that is retargeted stops
// being vouched for.
class VirtualWatcher final : public meta::DirectoryWatcher {
  public:
    explicit VirtualWatcher(VirtualDisk& disk) : disk_(disk) { disk.watched_by(this); }
    ~VirtualWatcher() override { disk_.watched_by(nullptr); }

    int watch_calls = 0, file_watch_calls = 0;
    bool refuse_file_watches = false;  // as when the user's inotify watches are spent

    std::shared_ptr<meta::WatchedDir> watch(const std::string& dir) override {
        ++watch_calls;
        for (const View& view : views_) {
            if (view.path == dir && view.dir->valid.load()) return view.dir;
        }
        std::vector<std::pair<std::string, std::string>> through;
        std::string real = disk_.resolve(dir, true, &through);
        std::optional<meta::DiskStat> st = stat_quietly(real);
        if (!st || !S_ISDIR(st->mode)) return nullptr;
        auto watched = std::make_shared<meta::WatchedDir>();
        watched->real = real;
        views_.push_back(View{dir, real, std::move(through), watched});
        return watched;
    }
    bool watch_file(const std::string& dir, std::string_view name) override {
        ++file_watch_calls;
        std::string path = dir + "/" + std::string(name);
        return !refuse_file_watches && stat_quietly(disk_.resolve(path, true)).has_value();
    }
    void drain(const meta::ChangeCallback& changed) override {
        std::vector<std::string> queued = std::move(queue_);
        queue_.clear();
        for (const std::string& real : queued) {
            size_t slash = real.rfind('/');
            std::string dir = slash == 0 ? "/" : real.substr(0, slash), name = real.substr(slash + 1);
            for (View& view : views_) {
                if (!view.dir->valid.load()) continue;
                bool passes_through = false;
                for (const auto& [d, n] : view.through) passes_through = passes_through || (d == dir && n == name);
                if (passes_through || view.real == real) {
                    view.dir->valid.store(false);  // the path may lead elsewhere now
                } else if (view.real == dir) {
                    view.dir->record_event(name);
                    changed(view.path, name);
                }
            }
        }
    }
    size_t watch_count() const override { return views_.size(); }

    void queue(const std::string& real_path) { queue_.push_back(real_path); }
    // Events were lost: every watched directory must be revalidated.
    void lose_events() {
        queue_.clear();
        for (View& view : views_) view.dir->generation.fetch_add(1);
    }
    size_t pending() const { return queue_.size(); }

  private:
    struct View {
        std::string path, real;
        std::vector<std::pair<std::string, std::string>> through;
        std::shared_ptr<meta::WatchedDir> dir;
    };
    // A stat the cache under test did not make: not counted as its call.
    std::optional<meta::DiskStat> stat_quietly(const std::string& real) {
        if (real.empty()) return std::nullopt;
        VirtualDisk::Calls saved = disk_.calls;
        std::optional<meta::DiskStat> st = disk_.lstat(real);
        disk_.calls = saved;
        return st;
    }

    VirtualDisk& disk_;
    std::vector<std::string> queue_;
    std::vector<View> views_;
};

inline void VirtualDisk::changed(const std::string& path) {
    if (watcher_) watcher_->queue(path);
}

inline void VirtualDisk::remove(const std::string& path) {
    for (auto it = nodes_.lower_bound(path); it != nodes_.end() && it->first.starts_with(path);) {
        bool inside = it->first.size() == path.size() || it->first[path.size()] == '/';
        it = inside ? nodes_.erase(it) : std::next(it);
    }
    changed(path);
}

inline std::string VirtualDisk::resolve(const std::string& path, bool follow_last,
                                        std::vector<std::pair<std::string, std::string>>* through) const {
    std::vector<std::string> pending;  // components still to walk, last first
    auto push_components = [&](const std::string& p) {
        std::vector<std::string> parts;
        for (size_t start = 1; start <= p.size();) {
            size_t end = p.find('/', start);
            if (end == std::string::npos) end = p.size();
            if (end > start) parts.push_back(p.substr(start, end - start));
            start = end + 1;
        }
        pending.insert(pending.end(), parts.rbegin(), parts.rend());
    };
    push_components(path);
    std::string current = "/";
    int links = 0;
    while (!pending.empty()) {
        std::string name = pending.back();
        pending.pop_back();
        if (name == ".") continue;
        if (name == "..") {
            current = split(current).first;
            continue;
        }
        if (through) through->emplace_back(current, name);
        std::string next = current == "/" ? "/" + name : current + "/" + name;
        const Node* node = find(next);
        bool last = pending.empty();
        if (node && S_ISLNK(node->mode) && (!last || follow_last)) {
            if (++links > 40) return {};
            if (node->target.front() == '/') {
                current = "/";
                push_components(node->target);
            } else {
                std::vector<std::string> rest(pending);
                pending.clear();
                push_components("/" + node->target);
                pending.insert(pending.begin(), rest.begin(), rest.end());
            }
            continue;
        }
        if (!node && !last) return {};
        current = next;
    }
    return current;
}

}  // namespace zc::virtual_fs
