#pragma once
// `zccache status`: from the daemon when it runs, else read from the index on disk.

#include <string>

#include "protocol/messages.h"

namespace zc::cli {

struct StatusView {
    bool daemon_running = false;
    protocol::StatusReply status;
};

// Builds the view without a daemon: counters and entries from the index.
bool read_offline_status(const std::string& cache_root, StatusView& view, std::string& error);

std::string format_status_text(const StatusView& view);
// One line for the text of `status` and `session-end` when rustc compiles with -C incremental
// went past the cache: cargo's dev profile does that to workspace members.
std::string incremental_hint(uint64_t compiles);
std::string format_status_json(const StatusView& view);

}  // namespace zc::cli
