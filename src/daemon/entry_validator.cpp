#include "daemon/entry_validator.h"

#include <algorithm>
#include <unordered_map>

#include "common/paths.h"

namespace zc::daemon {

void EntryValidator::build(meta::DirectoryWatcher& watcher, const cache::ManifestEntry& entry) {
    std::unordered_map<std::string, size_t> by_dir;
    auto add = [&](const std::string& path, size_t index, bool absent) {
        std::string dir(common::dir_name(path));
        auto [it, inserted] = by_dir.try_emplace(dir, groups_.size());
        if (inserted) groups_.push_back(Group{watcher.watch(dir)});
        groups_[it->second].checks.push_back({std::string(common::base_name(path)), index, absent});
    };
    for (size_t i = 0; i < entry.deps.size(); ++i) add(entry.deps[i].path, i, false);
    for (size_t i = 0; i < entry.absent.size(); ++i) add(entry.absent[i], i, true);
    for (Group& group : groups_) {
        std::sort(group.checks.begin(), group.checks.end(),
                  [](const Check& a, const Check& b) { return a.name < b.name; });
    }
    built_ = true;
}

bool EntryValidator::check_one(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Check& check,
                               bool& covered) const {
    if (check.absent) {
        meta::FileInfo info = files.get(entry.absent[check.index]);
        covered = covered && info.watch_covers;
        return !info.exists;  // a header now shadows a dependency
    }
    const cache::Dependency& dep = entry.deps[check.index];
    meta::FileInfo info = files.get(dep.path);
    covered = covered && info.watch_covers;
    common::Hash128 recorded;
    return info.regular && common::Hash128::from_bytes(dep.hash, recorded) && info.hash == recorded;
}

bool EntryValidator::check_group(meta::FileMetadataCache& files, const cache::ManifestEntry& entry,
                                 Group& group) const {
    // Counters first: an event counted after this point is looked at next time.
    uint64_t events = group.watch ? group.watch->events.load() : 0;
    uint64_t generation = group.watch ? group.watch->generation.load() : 0;
    bool usable = group.watch && group.watch->valid.load();

    if (usable && group.proven && group.generation == generation) {
        std::vector<std::string> changed;
        if (group.watch->names_changed_since(group.events, changed)) {
            bool covered = true;
            for (const std::string& name : changed) {
                auto range = std::equal_range(group.checks.begin(), group.checks.end(), Check{name, 0, false},
                                              [](const Check& a, const Check& b) { return a.name < b.name; });
                for (auto it = range.first; it != range.second; ++it) {
                    if (!check_one(files, entry, *it, covered)) {
                        group.proven = false;
                        return false;
                    }
                }
            }
            group.events = events;
            group.proven = covered;
            return true;
        }
    }
    bool covered = usable;
    for (const Check& check : group.checks) {
        if (!check_one(files, entry, check, covered)) {
            group.proven = false;
            return false;
        }
    }
    group.proven = covered;
    group.events = events;
    group.generation = generation;
    return true;
}

bool EntryValidator::inputs_unchanged(meta::FileMetadataCache& files, meta::DirectoryWatcher& watcher,
                                      const cache::ManifestEntry& entry) {
    if (!built_) build(watcher, entry);
    for (Group& group : groups_) {
        if (!check_group(files, entry, group)) return false;
    }
    return true;
}

}  // namespace zc::daemon
