#include "protocol/messages.h"

namespace zc::protocol {

namespace {
constexpr size_t kMaxDepth = 32;  // our messages nest three deep
}  // namespace

bool decode_envelope(const std::string& payload, Envelope& out) {
    try {
        // No container can hold more elements than the payload has bytes; without this limit a
        // 100-byte frame that claims a billion-entry map makes msgpack allocate for all of them.
        size_t n = payload.size();
        out.handle = msgpack::unpack(payload.data(), n, nullptr, nullptr, msgpack::unpack_limit(n, n, n, n, n, kMaxDepth));
        const msgpack::object& root = out.handle.get();
        if (root.type != msgpack::type::ARRAY || root.via.array.size != 3) return false;
        out.version = root.via.array.ptr[0].as<int>();
        out.type = root.via.array.ptr[1].as<std::string>();
        out.body = root.via.array.ptr[2];
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace zc::protocol
