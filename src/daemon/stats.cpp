#include "daemon/stats.h"

#include "store/status_counters.h"

namespace zc::daemon {

using store::kCountPrefix;
using store::kReasonPrefix;

void Stats::count(std::string_view name, uint64_t n) {
    std::lock_guard lock(mutex_);
    values_[std::string(kCountPrefix) + std::string(name)] += n;
    since_start_[std::string(name)] += n;
    dirty_ = true;
}

void Stats::count_uncacheable(std::string_view reason) {
    std::lock_guard lock(mutex_);
    values_[std::string(kCountPrefix) + std::string(counter::kUncacheable)] += 1;
    values_[std::string(kReasonPrefix) + std::string(reason)] += 1;
    since_start_[std::string(counter::kUncacheable)] += 1;
    dirty_ = true;
}

std::map<std::string, uint64_t> Stats::counters() const {
    std::lock_guard lock(mutex_);
    return store::counters_with_prefix(values_, kCountPrefix);
}

std::map<std::string, uint64_t> Stats::uncacheable_reasons() const {
    std::lock_guard lock(mutex_);
    return store::counters_with_prefix(values_, kReasonPrefix);
}

std::map<std::string, uint64_t> Stats::counters_since_start() const {
    std::lock_guard lock(mutex_);
    return {since_start_.begin(), since_start_.end()};
}

void Stats::load(const store::Index& index) {
    std::lock_guard lock(mutex_);
    for (const auto& [name, n] : index.read_counters()) values_[name] = n;
}

bool Stats::save(store::Index& index) {
    std::map<std::string, uint64_t> snapshot;
    {
        std::lock_guard lock(mutex_);
        if (!dirty_) return true;
        snapshot.insert(values_.begin(), values_.end());
        dirty_ = false;
    }
    if (index.write_counters(snapshot)) return true;
    std::lock_guard lock(mutex_);
    dirty_ = true;  // the next save tries again
    return false;
}

void Stats::reset() {
    std::lock_guard lock(mutex_);
    for (auto& [name, n] : values_) n = 0;
    dirty_ = true;
}

}  // namespace zc::daemon
