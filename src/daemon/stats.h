#pragma once
// The counters `zccache status` shows: outcomes and uncacheable reasons, indexed by
// reasons::Reason. Kept in memory, loaded from and saved to the index (under the reasons'
// names) so that they outlive the daemon.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "reasons/reason.h"
#include "store/index.h"

namespace zc::daemon {

class Stats {
  public:
    void count(reasons::Reason counter, uint64_t n = 1);
    void count_uncacheable(reasons::Reason reason);

    // By name: every counter touched since the cache was created or cleared, zeros included.
    std::map<std::string, uint64_t> counters() const;
    std::map<std::string, uint64_t> uncacheable_reasons() const;
    std::map<std::string, uint64_t> counters_since_start() const;  // this daemon's own

    void load(const store::Index& index);
    // False when the index refused the write; it is tried again on the next save.
    bool save(store::Index& index);
    void reset();

  private:
    // One row per reason; `touched` says which rows the index holds or this daemon counted.
    struct Counts {
        std::array<uint64_t, reasons::kReasonCount> n{};
        std::array<bool, reasons::kReasonCount> touched{};
        void add(reasons::Reason reason, uint64_t by);
        void put_into(std::map<std::string, uint64_t>& out, std::string_view prefix) const;
    };

    mutable std::mutex mutex_;
    Counts counts_;
    Counts uncacheable_;
    Counts since_start_;
    // Names an index written by another version holds and this one does not know: kept as they are.
    std::map<std::string, uint64_t> unknown_;
    bool dirty_ = false;
};

}  // namespace zc::daemon
