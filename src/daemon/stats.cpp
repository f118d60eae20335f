#include "daemon/stats.h"

#include "store/status_counters.h"

namespace zc::daemon {

using reasons::Reason;
using store::kCountPrefix;
using store::kReasonPrefix;

void Stats::Counts::add(Reason reason, uint64_t by) {
    size_t i = static_cast<size_t>(reason);
    n[i] += by;
    touched[i] = true;
}

void Stats::Counts::put_into(std::map<std::string, uint64_t>& out, std::string_view prefix) const {
    for (size_t i = 0; i < reasons::kReasonCount; ++i) {
        if (touched[i]) out[std::string(prefix) + std::string(reasons::name(static_cast<Reason>(i)))] = n[i];
    }
}

void Stats::count(Reason counter, uint64_t n) {
    std::lock_guard lock(mutex_);
    counts_.add(counter, n);
    since_start_.add(counter, n);
    dirty_ = true;
}

void Stats::count_uncacheable(Reason reason) {
    std::lock_guard lock(mutex_);
    counts_.add(Reason::kUncacheable, 1);
    uncacheable_.add(reason, 1);
    since_start_.add(Reason::kUncacheable, 1);
    dirty_ = true;
}

std::map<std::string, uint64_t> Stats::counters() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, uint64_t> out = store::counters_with_prefix(unknown_, kCountPrefix);
    counts_.put_into(out, "");
    return out;
}

std::map<std::string, uint64_t> Stats::uncacheable_reasons() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, uint64_t> out = store::counters_with_prefix(unknown_, kReasonPrefix);
    uncacheable_.put_into(out, "");
    return out;
}

std::map<std::string, uint64_t> Stats::counters_since_start() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, uint64_t> out;
    since_start_.put_into(out, "");
    return out;
}

void Stats::load(const store::Index& index) {
    std::lock_guard lock(mutex_);
    for (const auto& [key, n] : index.read_counters()) {
        std::string_view name(key);
        Counts* row = nullptr;
        if (name.starts_with(kCountPrefix)) {
            name.remove_prefix(kCountPrefix.size());
            row = &counts_;
        } else if (name.starts_with(kReasonPrefix)) {
            name.remove_prefix(kReasonPrefix.size());
            row = &uncacheable_;
        }
        std::optional<Reason> reason = row ? reasons::from_name(name) : std::nullopt;
        if (reason) {
            row->n[static_cast<size_t>(*reason)] = n;
            row->touched[static_cast<size_t>(*reason)] = true;
        } else {
            unknown_[key] = n;
        }
    }
}

bool Stats::save(store::Index& index) {
    std::map<std::string, uint64_t> snapshot;
    {
        std::lock_guard lock(mutex_);
        if (!dirty_) return true;
        snapshot = unknown_;
        counts_.put_into(snapshot, kCountPrefix);
        uncacheable_.put_into(snapshot, kReasonPrefix);
        dirty_ = false;
    }
    if (index.write_counters(snapshot)) return true;
    std::lock_guard lock(mutex_);
    dirty_ = true;  // the next save tries again
    return false;
}

void Stats::reset() {
    std::lock_guard lock(mutex_);
    counts_.n.fill(0);
    uncacheable_.n.fill(0);
    for (auto& [name, n] : unknown_) n = 0;
    dirty_ = true;
}

}  // namespace zc::daemon
