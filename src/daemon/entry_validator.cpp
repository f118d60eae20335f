#include "daemon/entry_validator.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/ninja_deps_log.h"
#include "common/paths.h"
#include "compiler/depfile.h"

namespace zc::daemon {

namespace {
bool is_directory(meta::Disk& disk, const std::string& path) {
    std::optional<meta::DiskStat> st = disk.stat(path);
    return st && meta::is_directory(*st);
}
}  // namespace

EntryValidator::Group EntryValidator::make_group(meta::Disk& disk, meta::DirectoryWatcher& watcher,
                                                 const std::string& dir) {
    Group group;
    group.dir = dir;
    if (is_directory(disk, dir)) {
        group.watch = watcher.watch(dir);
        return group;
    }
    // An include directory that does not exist (yet): watch for it to appear.
    std::string child = dir;
    std::string parent(common::dir_name(child));
    while (parent != child && !is_directory(disk, parent)) {
        child = parent;
        parent = std::string(common::dir_name(child));
    }
    if (parent == child) return group;
    group.watch = watcher.watch(parent);
    group.missing_child = std::string(common::base_name(child));
    return group;
}

std::string_view EntryValidator::name_of(const cache::ManifestEntry& entry, const Check& check) {
    const std::string& path = check.absent ? entry.absent[check.index] : entry.deps[check.index].path;
    return std::string_view(path).substr(check.name_at);
}

void EntryValidator::build(meta::Disk& disk, meta::DirectoryWatcher& watcher, const cache::ManifestEntry& entry) {
    std::unordered_map<std::string, size_t> by_dir;
    auto add = [&](const std::string& path, size_t index, bool absent) {
        std::string dir(common::dir_name(path));
        auto [it, inserted] = by_dir.try_emplace(dir, groups_.size());
        if (inserted) groups_.push_back(make_group(disk, watcher, dir));
        auto name_at = static_cast<uint32_t>(path.size() - common::base_name(path).size());
        groups_[it->second].checks.push_back({static_cast<uint32_t>(index), name_at, absent});
    };
    for (size_t i = 0; i < entry.deps.size(); ++i) add(entry.deps[i].path, i, false);
    for (size_t i = 0; i < entry.absent.size(); ++i) add(entry.absent[i], i, true);
    for (Group& group : groups_) {
        std::sort(group.checks.begin(), group.checks.end(),
                  [&](const Check& a, const Check& b) { return name_of(entry, a) < name_of(entry, b); });
        group.checks.shrink_to_fit();
    }
    groups_.shrink_to_fit();
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

bool EntryValidator::check_names(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Group& group,
                                 const std::vector<std::string>& names, bool& covered) const {
    // Heterogeneous: checks are ordered by the names they point at.
    struct ByName {
        const cache::ManifestEntry& entry;
        bool operator()(const Check& check, std::string_view name) const { return name_of(entry, check) < name; }
        bool operator()(std::string_view name, const Check& check) const { return name < name_of(entry, check); }
    };
    for (const std::string& name : names) {
        auto range = std::equal_range(group.checks.begin(), group.checks.end(), std::string_view(name), ByName{entry});
        for (auto it = range.first; it != range.second; ++it) {
            if (!check_one(files, entry, *it, covered)) return false;
        }
    }
    return true;
}

bool EntryValidator::check_all(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Group& group,
                               bool& covered) const {
    for (const Check& check : group.checks) {
        if (!check_one(files, entry, check, covered)) return false;
    }
    return true;
}

bool EntryValidator::check_group(meta::FileMetadataCache& files, meta::DirectoryWatcher& watcher,
                                 const cache::ManifestEntry& entry, Group& group) {
    if (group.watch && !group.watch->valid.load()) {
        // Its path may name another directory now (or none): watch what it names today.
        Group fresh = make_group(files.disk(), watcher, group.dir);
        group.watch = std::move(fresh.watch);
        group.missing_child = std::move(fresh.missing_child);
        group.proven = false;
    }
    // Counters first: an event counted after this point is looked at next time.
    uint64_t events = group.watch ? group.watch->events.load() : 0;
    uint64_t generation = group.watch ? group.watch->generation.load() : 0;
    bool covered = group.watch && group.watch->valid.load();
    std::vector<std::string> changed;
    bool incremental = covered && group.proven && group.generation == generation &&
                       group.watch->names_changed_since(group.events, changed);
    if (!incremental || !changed.empty()) newest_known_ = false;

    bool ok;
    if (!group.missing_child.empty()) {
        bool may_have_appeared =
            !incremental || std::find(changed.begin(), changed.end(), group.missing_child) != changed.end();
        if (!may_have_appeared) {
            ok = true;
        } else if (!is_directory(files.disk(), group.dir)) {
            // Nothing exists in a missing directory: absent paths hold, dependencies cannot.
            ok = std::all_of(group.checks.begin(), group.checks.end(), [](const Check& c) { return c.absent; });
        } else {
            built_ = false;  // it appeared: regroup under its own watch next time
            covered = false;
            ok = check_all(files, entry, group, covered);
        }
    } else if (incremental) {
        ok = check_names(files, entry, group, changed, covered);
    } else {
        ok = check_all(files, entry, group, covered);
    }
    group.proven = ok && covered;
    group.events = events;
    group.generation = generation;
    return ok;
}

bool EntryValidator::inputs_unchanged(meta::FileMetadataCache& files, meta::DirectoryWatcher& watcher,
                                      const cache::ManifestEntry& entry) {
    if (!built_) {
        groups_.clear();
        newest_known_ = false;
        build(files.disk(), watcher, entry);
    }
    for (Group& group : groups_) {
        if (!check_group(files, watcher, entry, group)) return false;
    }
    return true;
}

int64_t EntryValidator::newest_input_mtime(meta::FileMetadataCache& files, const cache::ManifestEntry& entry) {
    if (newest_known_) return newest_ns_;
    int64_t newest = 0;
    for (const cache::Dependency& dep : entry.deps) newest = std::max(newest, files.get(dep.path).mtime_ns);
    newest_ns_ = newest;
    newest_known_ = built_;  // a regroup pending (a directory appeared) looks again next time
    return newest;
}

common::Hash128 EntryValidator::dep_inputs_hash(const cache::ManifestEntry& entry, const std::string& cwd) {
    if (dep_inputs_hash_ && dep_inputs_cwd_ == cwd) return *dep_inputs_hash_;
    analysis::NinjaDepsLog::InputsHash hash;
    compiler::visit_dep_file(entry.dep_file_text, [&](std::string_view input) {
        if (input.starts_with('/') && common::is_lexically_normal(input)) {
            hash.add(input);
        } else {
            hash.add(common::lexically_normal(common::absolute_from(cwd, input)));
        }
        return true;
    });
    dep_inputs_cwd_ = cwd;
    dep_inputs_hash_ = hash.digest();
    return *dep_inputs_hash_;
}

}  // namespace zc::daemon
