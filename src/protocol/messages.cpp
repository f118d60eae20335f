#include "protocol/messages.h"

namespace zc::protocol {

bool decode_envelope(const std::string& payload, Envelope& out) {
    try {
        out.handle = msgpack::unpack(payload.data(), payload.size());
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
