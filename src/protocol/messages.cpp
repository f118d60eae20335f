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
struct WireCompileRequest {
    CompileRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("cwd", m.cwd), MSGPACK_NVP("argv", m.argv), MSGPACK_NVP("env", m.env),
                       MSGPACK_NVP("session_id", m.session_id), MSGPACK_NVP("stderr_is_tty", m.stderr_is_tty),
                       MSGPACK_NVP("masquerade", m.masquerade), MSGPACK_NVP("umask", m.umask),
                       MSGPACK_NVP("heartbeat_ms", m.heartbeat_ms),
                       MSGPACK_NVP("silence_limit_ms", m.silence_limit_ms));
};
struct WireCompileReply {
    CompileReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("outcome", m.outcome), MSGPACK_NVP("exit_code", m.exit_code),
                       MSGPACK_NVP("stdout_data", m.stdout_data), MSGPACK_NVP("stderr_data", m.stderr_data),
                       MSGPACK_NVP("reason", m.reason));
};
struct WireErrorReply {
    ErrorReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("message", m.message));
};
struct WireEmpty {
    Empty& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("unused", m.unused));
};
struct WireStatusReply {
    StatusReply& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("pid", m.pid), MSGPACK_NVP("version", m.version),
                       MSGPACK_NVP("uptime_secs", m.uptime_secs), MSGPACK_NVP("cache_root", m.cache_root),
                       MSGPACK_NVP("endpoint", m.endpoint), MSGPACK_NVP("entries", m.entries),
                       MSGPACK_NVP("artifact_bytes", m.artifact_bytes), MSGPACK_NVP("limit_bytes", m.limit_bytes),
                       MSGPACK_NVP("active_compiles", m.active_compiles), MSGPACK_NVP("open_sessions", m.open_sessions),
                       MSGPACK_NVP("counters", m.counters), MSGPACK_NVP("uncacheable", m.uncacheable),
                       MSGPACK_NVP("since_start", m.since_start), MSGPACK_NVP("hot_path", m.hot_path));
};
struct WireExplainRequest {
    ExplainRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("output", m.output));
};
struct WireExplanation {
    Explanation& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("lines", m.lines));
};
struct WireSessionStartRequest {
    SessionStartRequest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("journal_path", m.journal_path), MSGPACK_NVP("log_path", m.log_path));
};
struct WireSessionStarted {
    SessionStarted& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id));
};
struct WireSessionQuery {
    SessionQuery& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id));
};
struct WireSessionSummary {
    SessionSummary& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("session_id", m.session_id), MSGPACK_NVP("compiles", m.compiles),
                       MSGPACK_NVP("outcomes", m.outcomes), MSGPACK_NVP("uncacheable", m.uncacheable),
                       MSGPACK_NVP("time_spent_ns", m.time_spent_ns), MSGPACK_NVP("time_saved_ns", m.time_saved_ns));
};

// The wires hold a non-const reference (decoding writes through it); packing only reads, so a
// wire made from a const body with const_cast is never written through.
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

std::string encode(const char* message_type, const CompileRequest& body) {
    return pack(message_type, WireCompileRequest{const_cast<CompileRequest&>(body)});
}
bool decode_body(const Envelope& envelope, CompileRequest& out) {
    return unpack(envelope, WireCompileRequest{out});
}

std::string encode(const char* message_type, const CompileReply& body) {
    return pack(message_type, WireCompileReply{const_cast<CompileReply&>(body)});
}
bool decode_body(const Envelope& envelope, CompileReply& out) {
    return unpack(envelope, WireCompileReply{out});
}

std::string encode(const char* message_type, const ErrorReply& body) {
    return pack(message_type, WireErrorReply{const_cast<ErrorReply&>(body)});
}
bool decode_body(const Envelope& envelope, ErrorReply& out) {
    return unpack(envelope, WireErrorReply{out});
}

std::string encode(const char* message_type, const Empty& body) {
    return pack(message_type, WireEmpty{const_cast<Empty&>(body)});
}
bool decode_body(const Envelope& envelope, Empty& out) {
    return unpack(envelope, WireEmpty{out});
}

std::string encode(const char* message_type, const StatusReply& body) {
    return pack(message_type, WireStatusReply{const_cast<StatusReply&>(body)});
}
bool decode_body(const Envelope& envelope, StatusReply& out) {
    return unpack(envelope, WireStatusReply{out});
}

std::string encode(const char* message_type, const ExplainRequest& body) {
    return pack(message_type, WireExplainRequest{const_cast<ExplainRequest&>(body)});
}
bool decode_body(const Envelope& envelope, ExplainRequest& out) {
    return unpack(envelope, WireExplainRequest{out});
}

std::string encode(const char* message_type, const Explanation& body) {
    return pack(message_type, WireExplanation{const_cast<Explanation&>(body)});
}
bool decode_body(const Envelope& envelope, Explanation& out) {
    return unpack(envelope, WireExplanation{out});
}

std::string encode(const char* message_type, const SessionStartRequest& body) {
    return pack(message_type, WireSessionStartRequest{const_cast<SessionStartRequest&>(body)});
}
bool decode_body(const Envelope& envelope, SessionStartRequest& out) {
    return unpack(envelope, WireSessionStartRequest{out});
}

std::string encode(const char* message_type, const SessionStarted& body) {
    return pack(message_type, WireSessionStarted{const_cast<SessionStarted&>(body)});
}
bool decode_body(const Envelope& envelope, SessionStarted& out) {
    return unpack(envelope, WireSessionStarted{out});
}

std::string encode(const char* message_type, const SessionQuery& body) {
    return pack(message_type, WireSessionQuery{const_cast<SessionQuery&>(body)});
}
bool decode_body(const Envelope& envelope, SessionQuery& out) {
    return unpack(envelope, WireSessionQuery{out});
}

std::string encode(const char* message_type, const SessionSummary& body) {
    return pack(message_type, WireSessionSummary{const_cast<SessionSummary&>(body)});
}
bool decode_body(const Envelope& envelope, SessionSummary& out) {
    return unpack(envelope, WireSessionSummary{out});
}

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
