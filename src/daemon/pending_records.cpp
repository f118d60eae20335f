#include "daemon/pending_records.h"

namespace zc::daemon {

uint64_t PendingRecords::begin() {
    std::lock_guard lock(mutex_);
    uint64_t ticket = next_ticket_++;
    open_.insert(ticket);
    return ticket;
}

void PendingRecords::finish(uint64_t ticket) {
    {
        std::lock_guard lock(mutex_);
        open_.erase(ticket);
    }
    finished_.notify_all();
}

bool PendingRecords::wait_for_earlier(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    uint64_t last_earlier = next_ticket_ - 1;
    return finished_.wait_for(lock, limit, [&] { return open_.empty() || *open_.begin() > last_earlier; });
}

}  // namespace zc::daemon
