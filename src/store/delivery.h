#pragma once
// Putting a cached blob at the user's output path: reflink where the filesystem can, else a
// hardlink, else a copy. The delivered file gets a fresh mtime, as a real compile would give it.

#include <string>
#include <string_view>

namespace zc::store {

enum class DeliveryMode { kAuto, kReflink, kHardlink, kCopy };

DeliveryMode parse_delivery_mode(std::string_view text);

enum class Delivered { kFailed, kReflink, kHardlink, kCopy };

// Replaces `dest` (never writing through an existing file) with the contents of `blob`.
Delivered deliver(const std::string& blob, const std::string& dest, DeliveryMode mode);

}  // namespace zc::store
