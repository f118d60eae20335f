#include "meta/file_metadata_cache.h"

#include <sys/stat.h>

#include "common/paths.h"
#include "meta/assembler_includes.h"
#include "meta/time_macros.h"

namespace zc::meta {

namespace {
// A file modified this close to when we hashed it may change again within the same timestamp
// tick without its stat changing, so same-stat does not prove same-content for it.
constexpr int64_t kRacyWindowNs = 100'000'000;
// As the kernel's limit on symlinks followed in one lookup.
constexpr int kMaxLinksFollowed = 40;

// The absolute path a symlink in `dir` points to, or "" when it cannot be read.
std::string link_target(Disk& disk, const std::string& path, const std::string& dir) {
    std::optional<std::string> target = disk.read_link(path);
    if (!target) return {};
    return target->front() == '/' ? *target : dir + "/" + *target;
}

void fill_identity(const DiskStat& st, FileInfo& info) {
    info.exists = true;
    info.regular = S_ISREG(st.mode);
    info.executable = info.regular && (st.mode & 0111) != 0;
    info.dev = st.dev;
    info.ino = st.ino;
    info.size = st.size;
    info.mtime_ns = st.mtime_ns;
    info.ctime_ns = st.ctime_ns;
}

bool same_identity(const FileInfo& a, const FileInfo& b) {
    return a.exists == b.exists && a.dev == b.dev && a.ino == b.ino && a.size == b.size && a.mtime_ns == b.mtime_ns &&
           a.ctime_ns == b.ctime_ns;
}

// Reads and hashes a file, noting what the scanners look for; false if it changed while being
// read (then nothing about it may be stored).
// With `text`, also what a compile reading it would act on (time macros, includes, probes).
bool hash_file_contents(Disk& disk, const std::string& path, FileInfo& info, bool text) {
    std::string data;
    DiskStat before, after;
    switch (disk.read(path, data, before, after)) {
        case ReadStatus::kGone:
            info = FileInfo{};
            return true;
        case ReadStatus::kNotRegular:
            fill_identity(before, info);
            return true;
        case ReadStatus::kFailed:
            return false;
        case ReadStatus::kRead:
            break;
    }
    fill_identity(before, info);
    info.hash = common::hash_bytes(data);
    FileInfo check;
    fill_identity(after, check);
    bool stable = same_identity(info, check) && static_cast<int64_t>(data.size()) == info.size;
    info.is_script = data.starts_with("#!");
    info.text_scanned = text;
    if (!text) return stable;
    info.has_time_macro = uses_time_macro(data);
    info.has_assembler_include = mentions_assembler_include(data);
    IncludeProbes probes = scan_include_probes(data);
    if (!probes.empty()) info.probes = std::make_shared<const IncludeProbes>(std::move(probes));
    QuotedIncludes quoted = scan_quoted_includes(data);
    if (!quoted.empty()) info.quoted_includes = std::make_shared<const QuotedIncludes>(std::move(quoted));
    return stable;
}

}  // namespace

void FileMetadataCache::Shard::put(const std::string& path, Entry entry, size_t capacity) {
    auto it = entries.find(path);
    if (it != entries.end()) {
        entry.in_order = it->second.in_order;
        it->second = std::move(entry);
        touch(it->second);
        return;
    }
    it = entries.emplace(path, std::move(entry)).first;
    order.push_front(&it->first);
    it->second.in_order = order.begin();
    while (entries.size() > capacity) {
        const std::string* oldest = order.back();
        order.pop_back();
        entries.erase(*oldest);
    }
}

void FileMetadataCache::Shard::erase(const std::string& path) {
    auto it = entries.find(path);
    if (it == entries.end()) return;
    order.erase(it->second.in_order);
    entries.erase(it);
}

FileMetadataCache::Shard& FileMetadataCache::shard_for(const std::string& path) {
    return shards_[std::hash<std::string>{}(path) % shards_.size()];
}

namespace {
// What a lookup wanting `text` can take from `info`: a regular file's text facts only if they were looked for.
bool serves(const FileInfo& info, bool text) {
    return !text || !info.regular || info.text_scanned;
}
}  // namespace

FileInfo FileMetadataCache::lookup(const std::string& path, int links_followed, bool text) {
    Shard& shard = shard_for(path);
    Entry previous;
    bool have_previous = false;
    std::string followed;
    {
        std::lock_guard lock(shard.mutex);
        ++shard.counted.lookups;
        auto it = shard.entries.find(path);
        if (it != shard.entries.end()) {
            Entry& entry = it->second;
            bool may_follow = entry.link_target.empty() || links_followed < kMaxLinksFollowed;
            if (entry.trusted && may_follow && entry.dir && entry.dir->valid.load() &&
                entry.dir->generation.load() == entry.generation && serves(entry.info, text)) {
                ++shard.counted.from_memory;
                shard.touch(entry);
                if (entry.link_target.empty()) return entry.info;
                followed = entry.link_target;
            } else {
                previous = entry;
                have_previous = true;
            }
        }
    }
    if (!followed.empty()) {
        FileInfo info = lookup(followed, links_followed + 1, text);
        info.watch_covers = false;
        return info;
    }

    // Take the watch and its counters before looking at the file: an event drained between now
    // and the insert below moves `events`, and the entry is then stored untrusted.
    Entry fresh;
    std::string dir(common::dir_name(path));
    fresh.dir = watcher_.watch(dir);
    // The file's own watch, before it is read: a write through another hard link, made in a
    // directory we do not watch, is still seen.
    bool file_watched = fresh.dir && watcher_.watch_file(dir, common::base_name(path));
    fresh.generation = fresh.dir ? fresh.dir->generation.load() : 0;
    uint64_t events_before = fresh.dir ? fresh.dir->events.load() : 0;
    fresh.hashed_at_ns = disk_.now_realtime_ns();

    bool stable = true;
    uint64_t stats = 1, hashes = 0, bytes_hashed = 0;
    auto count = [&] {  // under the shard's lock
        shard.counted.stats += stats;
        shard.counted.hashes += hashes;
        shard.counted.bytes_hashed += bytes_hashed;
    };
    std::optional<DiskStat> link_stat = disk_.lstat(path);
    bool symlink = link_stat && S_ISLNK(link_stat->mode);
    // A symlink in a watched directory: kept as where it points, and the target looked up (and
    // watched) as a file of its own, so that neither costs a stat while nothing changes.
    if (symlink && fresh.dir && fresh.dir->valid.load() && links_followed < kMaxLinksFollowed) {
        fresh.link_target = link_target(disk_, path, dir);
        if (!fresh.link_target.empty()) {
            {
                std::lock_guard lock(shard.mutex);
                count();
                fresh.trusted = fresh.dir->events.load() == events_before;
                shard.put(path, fresh, shard_capacity_);
            }
            FileInfo info = lookup(fresh.link_target, links_followed + 1, text);
            info.watch_covers = false;
            return info;
        }
    }
    ++stats;
    std::optional<DiskStat> st = disk_.stat(path);
    if (!st) {
        fresh.info = FileInfo{};
    } else {
        fill_identity(*st, fresh.info);
        bool racy = have_previous && (previous.info.mtime_ns + kRacyWindowNs >= previous.hashed_at_ns ||
                                      previous.info.ctime_ns + kRacyWindowNs >= previous.hashed_at_ns);
        if (have_previous && same_identity(previous.info, fresh.info) && !racy && serves(previous.info, text)) {
            fresh.info = previous.info;
            fresh.hashed_at_ns = previous.hashed_at_ns;
        } else if (fresh.info.regular) {
            stable = hash_file_contents(disk_, path, fresh.info, text);
            stats += 2;  // its fstat before and after reading
            ++hashes;
            bytes_hashed += static_cast<uint64_t>(fresh.info.size);
        }
    }

    // A file without its own watch can gain a hard link elsewhere and be written through it,
    // with no event in its directory: checked by stat every time.
    fresh.info.watch_covers =
        fresh.dir != nullptr && fresh.dir->valid.load() && !symlink && (file_watched || !fresh.info.regular);
    std::lock_guard lock(shard.mutex);
    count();
    if (stable) {
        fresh.trusted = fresh.info.watch_covers && fresh.dir->events.load() == events_before;
        shard.put(path, fresh, shard_capacity_);
    }
    return fresh.info;
}

std::string FileMetadataCache::real_path(const std::string& path) {
    std::string current = path;
    for (int links = 0; links <= kMaxLinksFollowed; ++links) {
        lookup(current, 0, false);
        Shard& shard = shard_for(current);
        std::lock_guard lock(shard.mutex);
        auto it = shard.entries.find(current);
        if (it == shard.entries.end()) break;
        const Entry& entry = it->second;
        if (!entry.trusted || !entry.dir || !entry.dir->valid.load() || entry.dir->real.empty() ||
            entry.dir->generation.load() != entry.generation) {
            break;
        }
        if (entry.link_target.empty()) {
            if (!entry.info.exists) break;
            return entry.dir->real + "/" + std::string(common::base_name(current));
        }
        current = entry.link_target;
    }
    return disk_.real_path(path).value_or(path);
}

void FileMetadataCache::drain() {
    drains_.fetch_add(1, std::memory_order_relaxed);
    watcher_.drain(
        [this](const std::string& dir, std::string_view name) { invalidate(dir + "/" + std::string(name)); });
}

void FileMetadataCache::invalidate(const std::string& path) {
    Shard& shard = shard_for(path);
    std::lock_guard lock(shard.mutex);
    shard.erase(path);
}

void FileMetadataCache::clear() {
    for (Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        shard.entries.clear();
        shard.order.clear();
    }
}

MetadataCounters FileMetadataCache::counters() const {
    MetadataCounters total;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total.lookups += shard.counted.lookups;
        total.from_memory += shard.counted.from_memory;
        total.stats += shard.counted.stats;
        total.hashes += shard.counted.hashes;
        total.bytes_hashed += shard.counted.bytes_hashed;
    }
    total.drains = drains_.load(std::memory_order_relaxed);
    return total;
}

size_t FileMetadataCache::size() const {
    size_t total = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.entries.size();
    }
    return total;
}

}  // namespace zc::meta
