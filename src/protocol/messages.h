#pragma once
// The wire messages. Each frame holds a MessagePack array [protocol version, type, body map],
// so any language with a MessagePack library can speak to the daemon. The structs are plain:
// the MessagePack code lives in messages.cpp alone, so that no other file compiles it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"

namespace zc::protocol {

namespace type {
inline constexpr const char* kCompileEphemeral = "CompileEphemeral";
inline constexpr const char* kCompileResult = "CompileResult";
inline constexpr const char* kHeartbeat = "Heartbeat";  // the compile still waits or runs
inline constexpr const char* kStatus = "Status";
inline constexpr const char* kStatusResult = "StatusResult";
inline constexpr const char* kStop = "Stop";
inline constexpr const char* kClear = "Clear";
inline constexpr const char* kSessionStart = "SessionStart";
inline constexpr const char* kSessionStarted = "SessionStarted";
inline constexpr const char* kSessionStats = "SessionStats";
inline constexpr const char* kSessionEnd = "SessionEnd";
inline constexpr const char* kSessionSummary = "SessionSummary";
inline constexpr const char* kExplain = "Explain";
inline constexpr const char* kExplanation = "Explanation";
inline constexpr const char* kWarmBuild = "WarmBuild";
inline constexpr const char* kWarmBuildResult = "WarmBuildResult";
inline constexpr const char* kOk = "Ok";
inline constexpr const char* kError = "Error";
inline constexpr const char* kVersionMismatch = "VersionMismatch";
}  // namespace type

struct CompileRequest {
    std::string cwd;
    std::vector<std::string> argv;  // argv[0] is the compiler as the user named it
    std::vector<std::string> env;   // "KEY=VALUE"
    std::string session_id;
    bool stderr_is_tty = false;
    bool masquerade = false;  // argv[0] is a symlink to zccache: use the next real one on PATH
    uint32_t umask = 022;     // the client's: outputs get the modes the compiler would give them
    // > 0: while the compile waits or runs, send a Heartbeat frame at least this often (the
    // client gives up on a daemon that is silent for longer). 0, or absent: send none.
    uint32_t heartbeat_ms = 0;
    // How long the client waits for a frame before it gives up (0: unknown). Heartbeats stop
    // well within it for a worker that shows no sign of work, so that a wedged one is given up.
    uint32_t silence_limit_ms = 0;
};

// Outcomes a compile can have; the names are the journal's and the stats'.
namespace outcome {
inline constexpr const char* kHit = "hit";
inline constexpr const char* kMiss = "miss";
inline constexpr const char* kError = "error";              // the compiler failed; its result is replayed
inline constexpr const char* kUncacheable = "uncacheable";  // client runs the compiler itself
inline constexpr const char* kLinkHit = "link_hit";
inline constexpr const char* kLinkMiss = "link_miss";
}  // namespace outcome

struct CompileReply {
    std::string outcome;
    int32_t exit_code = 0;
    std::string stdout_data;
    std::string stderr_data;
    std::string reason;  // why, for outcome "uncacheable" (the client then runs its own command)
};

struct ErrorReply {
    std::string message;
};

struct Empty {
    bool unused = false;
};

struct StatusReply {
    int64_t pid = 0;
    std::string version;
    int64_t uptime_secs = 0;
    std::string cache_root;
    std::string endpoint;
    uint64_t entries = 0;
    uint64_t artifact_bytes = 0;
    uint64_t limit_bytes = 0;
    int64_t active_compiles = 0;
    uint64_t open_sessions = 0;
    std::map<std::string, uint64_t> counters;     // since the cache was created or cleared
    std::map<std::string, uint64_t> uncacheable;  // by reason
    std::map<std::string, uint64_t> since_start;  // this daemon's counters
    // This daemon's work on its requests' inputs (file lookups, stats, hashes, watcher drains):
    // what a hit costs, for tests and for `status --json` readers.
    std::map<std::string, uint64_t> hot_path;
};

struct ExplainRequest {
    std::string output;  // absolute path of an output file
};

struct Explanation {
    std::vector<std::string> lines;
};

struct SessionStartRequest {
    std::string journal_path;  // absolute; empty for none
    std::string log_path;      // absolute; empty for none
};

struct SessionStarted {
    std::string session_id;
};

struct SessionQuery {
    std::string session_id;
};

struct SessionSummary {
    std::string session_id;
    uint64_t compiles = 0;
    std::map<std::string, uint64_t> outcomes;     // hit, miss, error, uncacheable
    std::map<std::string, uint64_t> uncacheable;  // by reason
    int64_t time_spent_ns = 0;                    // in the daemon, for this session's compiles
    int64_t time_saved_ns = 0;                    // compile time the hits did not spend
    // Worktree sharing: "hits" served from another worktree's entries, and compiles not shared
    // by reason (git_root_unavailable, path_outside_root, …).
    std::map<std::string, uint64_t> worktree;
};

// `zccache warm --compile-commands`: a build's compiles, restored from the cache where they hit.
struct WarmBuildRequest {
    std::vector<std::string> env;  // "KEY=VALUE", the client's, for every compile
    uint32_t umask = 022;
    std::vector<std::string> cwds;                // one per compile
    std::vector<std::vector<std::string>> argvs;  // argv[0] is the compiler
    std::string build_dir;                        // absolute: the database's directory, where ninja's logs are
};

struct WarmBuildReply {
    uint64_t restored = 0;                      // delivered, dated so that the build tool finds them up to date
    uint64_t missed = 0;                        // nothing cached that matches the files now: left to the build
    uint64_t present = 0;                       // the output exists: left alone
    uint64_t skipped = 0;                       // not a compile the cache takes, or inputs too fresh to date against
    std::vector<std::string> restored_outputs;  // absolute paths of the objects restored
    // The build's static libraries (CMake's with ninja), once the objects are there: the same four.
    uint64_t archives_restored = 0;
    uint64_t archives_missed = 0;
    uint64_t archives_present = 0;
    uint64_t archives_skipped = 0;
    std::vector<std::string> restored_archives;
};

// [version, type, body]. Defined (messages.cpp) for each message body above.
template <typename Body>
std::string encode(const char* message_type, const Body& body);

// A decoded envelope: its version and type, and the body, decoded on request by body_as.
struct Envelope {
    int version = 0;
    std::string type;
    struct Body;  // the unpacked MessagePack (messages.cpp)
    std::shared_ptr<const Body> body;
};

// False when the bytes are not an envelope at all.
bool decode_envelope(const std::string& payload, Envelope& out);

// Fills `out` from the envelope's body; false when the body is not that message. Defined for
// each message body above.
template <typename Body>
bool decode_body(const Envelope& envelope, Body& out);

template <typename Body>
std::optional<Body> body_as(const Envelope& envelope) {
    Body body;
    if (!decode_body(envelope, body)) return std::nullopt;
    return body;
}

}  // namespace zc::protocol
