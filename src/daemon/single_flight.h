#pragma once
// Two requests for the same context key at once compile once: the second waits for the first,
// then finds its result in the cache. Different keys never wait for each other. The waiting
// one keeps its client's heartbeat going.

#include <condition_variable>
#include <mutex>
#include <unordered_set>

#include "common/hash.h"
#include "daemon/client_link.h"

namespace zc::daemon {

class SingleFlight {
  public:
    class Guard {
      public:
        Guard(SingleFlight& owner, const common::Hash128& key, ClientLink& client);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

      private:
        SingleFlight& owner_;
        common::Hash128 key_;
    };

  private:
    std::mutex mutex_;
    std::condition_variable released_;
    std::unordered_set<common::Hash128, common::Hash128Hasher> in_flight_;
};

}  // namespace zc::daemon
