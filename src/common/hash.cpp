#include "common/hash.h"

#include <xxhash.h>

namespace zc::common {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
}  // namespace

std::string Hash128::hex() const {
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[static_cast<size_t>(15 - i)] = kHexDigits[(high >> (4 * i)) & 0xf];
        out[static_cast<size_t>(31 - i)] = kHexDigits[(low >> (4 * i)) & 0xf];
    }
    return out;
}

bool Hash128::from_hex(std::string_view hex, Hash128& out) {
    if (hex.size() != 32) return false;
    Hash128 h;
    for (size_t i = 0; i < 32; ++i) {
        int v = hex_value(hex[i]);
        if (v < 0) return false;
        uint64_t& part = i < 16 ? h.high : h.low;
        part = (part << 4) | static_cast<uint64_t>(v);
    }
    out = h;
    return true;
}

std::string Hash128::bytes() const {
    std::string out(16, '\0');
    for (size_t i = 0; i < 8; ++i) {
        out[i] = static_cast<char>(high >> (56 - 8 * i));
        out[8 + i] = static_cast<char>(low >> (56 - 8 * i));
    }
    return out;
}

bool Hash128::from_bytes(std::string_view bytes, Hash128& out) {
    if (bytes.size() != 16) return false;
    Hash128 h;
    for (size_t i = 0; i < 8; ++i) {
        h.high = (h.high << 8) | static_cast<unsigned char>(bytes[i]);
        h.low = (h.low << 8) | static_cast<unsigned char>(bytes[8 + i]);
    }
    out = h;
    return true;
}

Hash128 hash_bytes(std::string_view data) {
    XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
    return Hash128{h.high64, h.low64};
}

Hasher::Hasher() : state_(XXH3_createState()) {
    XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_));
}

Hasher::~Hasher() {
    XXH3_freeState(static_cast<XXH3_state_t*>(state_));
}

void Hasher::raw(const void* data, size_t size) {
    XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), data, size);
}

Hasher& Hasher::field(std::string_view tag, std::string_view value) {
    uint64_t sizes[2] = {tag.size(), value.size()};
    raw(sizes, sizeof sizes);
    raw(tag.data(), tag.size());
    raw(value.data(), value.size());
    return *this;
}

Hasher& Hasher::field(std::string_view tag, uint64_t value) {
    return field(tag, std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
}

Hasher& Hasher::field(std::string_view tag, const Hash128& value) {
    return field(tag, value.bytes());
}

Hash128 Hasher::digest() const {
    XXH128_hash_t h = XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_));
    return Hash128{h.high64, h.low64};
}

}  // namespace zc::common
