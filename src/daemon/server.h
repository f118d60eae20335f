#pragma once
// The accept loop: connections served on pooled threads, peers of this uid that see the filesystem
// as the daemon does only, and the idle timeout counted from the last finished request (never
// while a request is running). Maintenance (last-use writes, eviction, the trash, counters,
// index syncs) runs on a thread of its own, so the accept loop only ever waits for connections.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "daemon/client_link.h"
#include "daemon/compile_facts.h"
#include "daemon/context.h"
#include "daemon/peer_view.h"
#include "daemon/pending_records.h"
#include "daemon/worker_pool.h"

namespace zc::daemon {

class Server {
  public:
    Server(DaemonContext& ctx, int listen_fd, int wake_fd, uint64_t idle_timeout_secs);
    // Returns when asked to stop (Stop request, SIGTERM) or after the idle timeout.
    void run();
    void request_stop();

  private:
    bool peer_shares_our_view(int fd) const;
    bool cache_root_replaced() const;
    void serve_connection(int fd);
    void handle_frame(int fd, const std::string& payload);
    // Journal, session and `explain` records of one compile.
    void record_compile(const protocol::CompileRequest& request, const protocol::CompileReply& reply,
                        CompileFacts& facts);
    // Session stats and `explain` include every compile answered before they were asked.
    void wait_for_answered_compiles();
    // The maintenance thread's loop, until stop_ (run() makes the last pass).
    void maintain();
    void maintenance();
    void sweep_unreferenced_blobs(unsigned slice);

    DaemonContext& ctx_;
    int listen_fd_;
    int wake_fd_;
    uint64_t idle_timeout_secs_;
    std::atomic<bool> stop_{false};
    std::mutex stop_mutex_;
    std::condition_variable stopping_;
    std::atomic<int64_t> connections_{0};
    std::atomic<int64_t> last_finished_ns_;
    std::optional<FilesystemView> own_view_;
    std::pair<dev_t, ino_t> root_identity_;  // the cache root's, when the daemon started
    Heartbeats heartbeats_;
    PendingRecords pending_records_;
    // Last: its threads call serve_connection, so it is destroyed (and waits for them) first.
    WorkerPool workers_;
};

}  // namespace zc::daemon
