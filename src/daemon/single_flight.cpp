#include "daemon/single_flight.h"

#include <chrono>

namespace zc::daemon {

SingleFlight::Guard::Guard(SingleFlight& owner, const common::Hash128& key, ClientLink& client)
    : owner_(owner), key_(key) {
    std::unique_lock lock(owner_.mutex_);
    while (owner_.in_flight_.contains(key_)) {
        owner_.released_.wait_for(lock, std::chrono::milliseconds(client.wait_ms()));
        client.check_in();
    }
    owner_.in_flight_.insert(key_);
}

SingleFlight::Guard::~Guard() {
    {
        std::lock_guard lock(owner_.mutex_);
        owner_.in_flight_.erase(key_);
    }
    owner_.released_.notify_all();
}

}  // namespace zc::daemon
