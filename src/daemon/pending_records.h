#pragma once
// Compiles whose reply is sent but whose journal, session and `explain` records are not yet
// written. The reply goes first so that no client waits for the journal; a build tool may then
// end its session (or ask `explain`) at once, on another connection, so those queries wait here
// for the records of every compile answered before them — never for compiles that came later,
// and never without a bound.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

namespace zc::daemon {

class PendingRecords {
  public:
    // Taken before the reply is sent, dropped once the records are written (or a record threw).
    class Ticket {
      public:
        explicit Ticket(PendingRecords& owner) : owner_(owner), number_(owner.begin()) {}
        ~Ticket() { owner_.finish(number_); }
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;

      private:
        PendingRecords& owner_;
        uint64_t number_;
    };

    // Waits until every compile begun before this call has finished, or the limit has passed
    // (false: a record is taking that long; the caller answers with what is there).
    bool wait_for_earlier(std::chrono::milliseconds limit);

  private:
    uint64_t begin();
    void finish(uint64_t ticket);

    std::mutex mutex_;
    std::condition_variable finished_;
    uint64_t next_ticket_ = 1;
    std::set<uint64_t> open_;
};

}  // namespace zc::daemon
