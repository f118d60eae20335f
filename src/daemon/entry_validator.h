#pragma once
// Decides whether a manifest entry's inputs are unchanged, in time that does not grow with the
// number of headers: inputs are grouped by directory, and a directory proven unchanged at watch
// event N needs, at the next lookup, only the names its watch saw change since N.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/manifest.h"
#include "common/hash.h"
#include "meta/disk.h"
#include "meta/file_metadata_cache.h"
#include "meta/watcher.h"

namespace zc::daemon {

class EntryValidator {
  public:
    // True when every dependency still has its recorded hash and every absent path is absent.
    // Not thread-safe: the caller holds the manifest's single-flight guard.
    bool inputs_unchanged(meta::FileMetadataCache& files, meta::DirectoryWatcher& watcher,
                          const cache::ManifestEntry& entry);
    // The newest mtime among the dependencies, right after inputs_unchanged said true: kept
    // while every group stays proven without a changed name (a touch is an event too), so that
    // a warm restore of a whole build does not look every header up again to date an object.
    int64_t newest_input_mtime(meta::FileMetadataCache& files, const cache::ManifestEntry& entry);
    // The entry's dep-file inputs, absolute from `cwd` and lexically normal, hashed in order as
    // analysis::NinjaDepsLog::InputsHash does: what ninja would record from that dep file.
    // Worked out once per cwd (a restore of a whole build compares every object's).
    common::Hash128 dep_inputs_hash(const cache::ManifestEntry& entry, const std::string& cwd);

  private:
    struct Check {
        // Its path is entry.deps[index].path, or entry.absent[index] when `absent`; its file name
        // within the directory starts at `name_at`. No copy of the name: a manifest of many
        // headers holds a check for each, in every validator the daemon keeps.
        uint32_t index;
        uint32_t name_at;
        bool absent;
    };
    struct Group {
        std::string dir;
        // The directory's watch, or, when the directory does not exist, its nearest existing
        // ancestor's: then only an event for `missing_child` (the next component) can matter.
        std::shared_ptr<meta::WatchedDir> watch;
        std::string missing_child;
        std::vector<Check> checks;  // sorted by name
        bool proven = false;        // all checks passed when the watch was at `events`/`generation`
        uint64_t events = 0;
        uint64_t generation = 0;
    };

    void build(meta::Disk& disk, meta::DirectoryWatcher& watcher, const cache::ManifestEntry& entry);
    static Group make_group(meta::Disk& disk, meta::DirectoryWatcher& watcher, const std::string& dir);
    bool check_one(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Check& check,
                   bool& covered) const;
    bool check_group(meta::FileMetadataCache& files, meta::DirectoryWatcher& watcher, const cache::ManifestEntry& entry,
                     Group& group);
    static std::string_view name_of(const cache::ManifestEntry& entry, const Check& check);
    bool check_names(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Group& group,
                     const std::vector<std::string>& names, bool& covered) const;
    bool check_all(meta::FileMetadataCache& files, const cache::ManifestEntry& entry, const Group& group,
                   bool& covered) const;

    bool built_ = false;
    std::vector<Group> groups_;
    bool newest_known_ = false;  // `newest_ns_` still holds: no group has seen a change since
    int64_t newest_ns_ = 0;
    std::string dep_inputs_cwd_;  // what dep_inputs_hash_ was worked out for
    std::optional<common::Hash128> dep_inputs_hash_;
};

}  // namespace zc::daemon
