#include "protocol/messages.h"

#include <msgpack.hpp>

namespace zc::protocol {

struct Envelope::Body {
    msgpack::object_handle handle;
    msgpack::object object;  // valid while `handle` lives
};

namespace {

constexpr size_t kMaxDepth = 32;  // our messages nest three deep

// Each message as a MessagePack map keyed by its field names, through a reference, so that the
// structs in messages.h stay plain.
template <typename Body>
struct Wire;

template <>
struct Wire<CompileRequest> {
    CompileRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("cwd", m.cwd), MSGPACK_NVP("argv", m.argv), MSGPACK_NVP("env", m.env),
                       MSGPACK_NVP("session_id", m.session_id), MSGPACK_NVP("stderr_is_tty", m.stderr_is_tty),
                       MSGPACK_NVP("masquerade", m.masquerade), MSGPACK_NVP("umask", m.umask),
                       MSGPACK_NVP("heartbeat_ms", m.heartbeat_ms),
                       MSGPACK_NVP("silence_limit_ms", m.silence_limit_ms));
};
template <>
struct Wire<CompileReply> {
    CompileReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("outcome", m.outcome), MSGPACK_NVP("exit_code", m.exit_code),
                       MSGPACK_NVP("stdout_data", m.stdout_data), MSGPACK_NVP("stderr_data", m.stderr_data),
                       MSGPACK_NVP("reason", m.reason));
};
template <>
struct Wire<ErrorReply> {
    ErrorReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("message", m.message));
};
template <>
struct Wire<Empty> {
    Empty& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("unused", m.unused));
};
template <>
struct Wire<StatusReply> {
    StatusReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("pid", m.pid), MSGPACK_NVP("version", m.version),
                       MSGPACK_NVP("uptime_secs", m.uptime_secs), MSGPACK_NVP("cache_root", m.cache_root),
                       MSGPACK_NVP("endpoint", m.endpoint), MSGPACK_NVP("entries", m.entries),
                       MSGPACK_NVP("artifact_bytes", m.artifact_bytes), MSGPACK_NVP("limit_bytes", m.limit_bytes),
                       MSGPACK_NVP("active_compiles", m.active_compiles), MSGPACK_NVP("open_sessions", m.open_sessions),
                       MSGPACK_NVP("counters", m.counters), MSGPACK_NVP("uncacheable", m.uncacheable),
                       MSGPACK_NVP("since_start", m.since_start), MSGPACK_NVP("hot_path", m.hot_path));
};
template <>
struct Wire<ExplainRequest> {
    ExplainRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("output", m.output));
};
template <>
struct Wire<Explanation> {
    Explanation& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("lines", m.lines));
};
template <>
struct Wire<SessionStartRequest> {
    SessionStartRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("journal_path", m.journal_path), MSGPACK_NVP("log_path", m.log_path));
};
template <>
struct Wire<SessionStarted> {
    SessionStarted& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id));
};
template <>
struct Wire<SessionQuery> {
    SessionQuery& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id));
};
template <>
struct Wire<SessionSummary> {
    SessionSummary& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id), MSGPACK_NVP("compiles", m.compiles),
                       MSGPACK_NVP("outcomes", m.outcomes), MSGPACK_NVP("uncacheable", m.uncacheable),
                       MSGPACK_NVP("time_spent_ns", m.time_spent_ns), MSGPACK_NVP("time_saved_ns", m.time_saved_ns),
                       MSGPACK_NVP("worktree", m.worktree));
};

template <>
struct Wire<WarmBuildRequest> {
    WarmBuildRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("env", m.env), MSGPACK_NVP("umask", m.umask), MSGPACK_NVP("cwds", m.cwds),
                       MSGPACK_NVP("argvs", m.argvs), MSGPACK_NVP("build_dir", m.build_dir));
};

template <>
struct Wire<WarmBuildReply> {
    WarmBuildReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("restored", m.restored), MSGPACK_NVP("missed", m.missed),
                       MSGPACK_NVP("present", m.present), MSGPACK_NVP("skipped", m.skipped),
                       MSGPACK_NVP("restored_outputs", m.restored_outputs),
                       MSGPACK_NVP("archives_restored", m.archives_restored),
                       MSGPACK_NVP("archives_missed", m.archives_missed),
                       MSGPACK_NVP("archives_present", m.archives_present),
                       MSGPACK_NVP("archives_skipped", m.archives_skipped),
                       MSGPACK_NVP("restored_archives", m.restored_archives));
};

template <typename Wire>
std::string pack(const char* message_type, const Wire& wire) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> packer(buffer);
    packer.pack_array(3);
    packer.pack(common::kProtocolVersion);
    packer.pack(std::string_view(message_type));
    packer.pack(wire);
    return std::string(buffer.data(), buffer.size());
}

template <typename Wire>
bool unpack(const Envelope& envelope, Wire wire) {
    if (!envelope.body) return false;
    try {
        envelope.body->object.convert(wire);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

// A wire made from a const body (const_cast) is only packed: nothing is written through it.
template <typename Body>
std::string encode(const char* message_type, const Body& body) {
    return pack(message_type, Wire<Body>{const_cast<Body&>(body)});
}

template <typename Body>
bool decode_body(const Envelope& envelope, Body& out) {
    return unpack(envelope, Wire<Body>{out});
}

// The messages there are: encode and decode_body exist for these bodies only.
template std::string encode<CompileRequest>(const char*, const CompileRequest&);
template bool decode_body<CompileRequest>(const Envelope&, CompileRequest&);
template std::string encode<CompileReply>(const char*, const CompileReply&);
template bool decode_body<CompileReply>(const Envelope&, CompileReply&);
template std::string encode<ErrorReply>(const char*, const ErrorReply&);
template bool decode_body<ErrorReply>(const Envelope&, ErrorReply&);
template std::string encode<Empty>(const char*, const Empty&);
template bool decode_body<Empty>(const Envelope&, Empty&);
template std::string encode<StatusReply>(const char*, const StatusReply&);
template bool decode_body<StatusReply>(const Envelope&, StatusReply&);
template std::string encode<ExplainRequest>(const char*, const ExplainRequest&);
template bool decode_body<ExplainRequest>(const Envelope&, ExplainRequest&);
template std::string encode<Explanation>(const char*, const Explanation&);
template bool decode_body<Explanation>(const Envelope&, Explanation&);
template std::string encode<SessionStartRequest>(const char*, const SessionStartRequest&);
template bool decode_body<SessionStartRequest>(const Envelope&, SessionStartRequest&);
template std::string encode<SessionStarted>(const char*, const SessionStarted&);
template bool decode_body<SessionStarted>(const Envelope&, SessionStarted&);
template std::string encode<SessionQuery>(const char*, const SessionQuery&);
template bool decode_body<SessionQuery>(const Envelope&, SessionQuery&);
template std::string encode<SessionSummary>(const char*, const SessionSummary&);
template bool decode_body<SessionSummary>(const Envelope&, SessionSummary&);
template std::string encode<WarmBuildRequest>(const char*, const WarmBuildRequest&);
template bool decode_body<WarmBuildRequest>(const Envelope&, WarmBuildRequest&);
template std::string encode<WarmBuildReply>(const char*, const WarmBuildReply&);
template bool decode_body<WarmBuildReply>(const Envelope&, WarmBuildReply&);

bool decode_envelope(const std::string& payload, Envelope& out) {
    try {
        // No container can hold more elements than the payload has bytes; without this limit a
        // 100-byte frame that claims a billion-entry map makes msgpack allocate for all of them.
        size_t n = payload.size();
        auto body = std::make_shared<Envelope::Body>();
        body->handle =
            msgpack::unpack(payload.data(), n, nullptr, nullptr, msgpack::unpack_limit(n, n, n, n, n, kMaxDepth));
        const msgpack::object& root = body->handle.get();
        if (root.type != msgpack::type::ARRAY || root.via.array.size != 3) return false;
        out.version = root.via.array.ptr[0].as<int>();
        out.type = root.via.array.ptr[1].as<std::string>();
        body->object = root.via.array.ptr[2];
        out.body = std::move(body);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace zc::protocol
