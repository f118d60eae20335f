#pragma once
// Content hashes (XXH3-128) and a hasher that separates fields so that ("ab","c") != ("a","bc").

#include <cstdint>
#include <string>
#include <string_view>

namespace zc::common {

struct Hash128 {
    uint64_t high = 0;
    uint64_t low = 0;

    bool operator==(const Hash128&) const = default;
    std::string hex() const;
    static bool from_hex(std::string_view hex, Hash128& out);
    // 16 raw bytes, big end first: the LMDB key form.
    std::string bytes() const;
    static bool from_bytes(std::string_view bytes, Hash128& out);
};

Hash128 hash_bytes(std::string_view data);

class Hasher {
  public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    // Each field is fed as a type tag, its length and its bytes.
    Hasher& field(std::string_view tag, std::string_view value);
    Hasher& field(std::string_view tag, uint64_t value);
    Hasher& field(std::string_view tag, const Hash128& value);
    Hash128 digest() const;

  private:
    void raw(const void* data, size_t size);
    void* state_;
};

struct Hash128Hasher {
    size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.low ^ (h.high * 31)); }
};

}  // namespace zc::common
