#pragma once
// The compile journal: one JSON object a line for every compile the daemon answered, in
// <cache root>/logs/compile_journal.jsonl, rotated by size (one previous file kept as .1).

#include <cstdint>
#include <mutex>
#include <string>

#include "common/fs.h"
#include "daemon/compile_facts.h"
#include "protocol/messages.h"

namespace zc::daemon {

class Journal {
  public:
    Journal(std::string path, uint64_t max_bytes);
    bool ok() const { return fd_.valid(); }
    // Appends one line (given without its newline).
    void append(std::string_view line);

    // The JSON line for one compile (no newline); public for tests.
    static std::string format(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                              const CompileFacts& facts, int64_t now_ns);

  private:
    void open_locked();

    std::string path_;
    uint64_t max_bytes_;
    std::mutex mutex_;
    common::UniqueFd fd_;
    uint64_t size_ = 0;
};

}  // namespace zc::daemon
