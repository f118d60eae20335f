#pragma once
// Sessions: a build opens one (`zccache session-start`), its compiles carry ZCCACHE_SESSION_ID,
// and the session counts them apart from everything else, optionally with its own journal and
// a human log. The daemon stays up while a session is open.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/journal.h"
#include "protocol/messages.h"

namespace zc::daemon {

class Sessions {
  public:
    // A new session id, or nullopt with `error` when a file cannot be opened.
    std::optional<std::string> start(const protocol::SessionStartRequest& request, std::string& error);
    // Counts a compile to its session (nothing when the id is unknown or empty).
    void record(const protocol::CompileRequest& request, const protocol::CompileReply& reply, const CompileFacts& facts,
                std::string_view journal_line);
    std::optional<protocol::SessionSummary> stats(const std::string& id);
    // The final summary; closes the session's files.
    std::optional<protocol::SessionSummary> end(const std::string& id);
    size_t open_count();

  private:
    struct Session {
        protocol::SessionSummary summary;
        std::unique_ptr<Journal> journal;
        common::UniqueFd log;
        std::mutex mutex;
    };
    std::shared_ptr<Session> find(const std::string& id);

    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Session>> open_;
};

}  // namespace zc::daemon
