#include "meta/watcher.h"

namespace zc::meta {

void WatchedDir::record_event(std::string_view name) {
    std::lock_guard lock(log_mutex_);
    uint64_t number = events.fetch_add(1) + 1;
    log_.emplace_back(number, std::string(name));
    if (log_.size() > kLogSize) log_.pop_front();
}

bool WatchedDir::names_changed_since(uint64_t after, std::vector<std::string>& names) const {
    std::lock_guard lock(log_mutex_);
    if (events.load() <= after) return true;
    if (log_.empty() || log_.front().first > after + 1) return false;
    for (const auto& [number, name] : log_) {
        if (number > after) names.push_back(name);
    }
    return true;
}

}  // namespace zc::meta
