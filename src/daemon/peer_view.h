#pragma once
// Which filesystem a process sees: its mount namespace and its root directory. A client whose
// view differs from the daemon's (a container, a chroot, a sandbox that shares the socket) is
// not served: its paths name other files than ours, and a write of ours would pass its
// read-only mounts by. Such a client compiles by itself.

#include <sys/types.h>

#include <optional>

namespace zc::daemon {

struct FilesystemView {
    dev_t namespace_dev = 0;
    ino_t namespace_ino = 0;
    dev_t root_dev = 0;
    ino_t root_ino = 0;

    bool operator==(const FilesystemView&) const = default;
};

// The view of process `pid` (0: this process), or nullopt when /proc does not tell.
std::optional<FilesystemView> filesystem_view(pid_t pid);

}  // namespace zc::daemon
