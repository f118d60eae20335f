#pragma once
// Putting a cached blob at the user's output path: reflink where the filesystem can, else an
// in-kernel copy; a hardlink into the store only when the user asks for one (ZCCACHE_DELIVERY=
// hardlink), and only for one output per blob. The delivered file gets a fresh mtime, as a real
// compile would give it.

#include <cstdint>
#include <string>
#include <string_view>

namespace zc::store {

enum class DeliveryMode { kAuto, kReflink, kHardlink, kCopy };

DeliveryMode parse_delivery_mode(std::string_view text);

enum class Delivered { kFailed, kReflink, kHardlink, kCopy };

// Replaces `dest` (never writing through an existing file) with the contents of `blob`, with the
// permission bits `file_mode` (an executable is never hardlinked: the blob is read-only).
Delivered deliver(const std::string& blob, const std::string& dest, DeliveryMode mode, uint32_t file_mode = 0644);

// Copies `src` to a new file `dest` (reflink where possible, never a hardlink), for storing a
// file the user keeps writable, such as a linked binary.
bool clone_file(const std::string& src, const std::string& dest);

}  // namespace zc::store
