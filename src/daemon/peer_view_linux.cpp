#include <sys/stat.h>

#include <string>

#include "daemon/peer_view.h"

namespace zc::daemon {

std::optional<FilesystemView> filesystem_view(pid_t pid) {
    std::string proc = pid == 0 ? "/proc/self" : "/proc/" + std::to_string(pid);
    struct stat ns;
    struct stat root;
    // Both are magic links: stat follows them to the namespace and to the root directory.
    if (::stat((proc + "/ns/mnt").c_str(), &ns) != 0 || ::stat((proc + "/root").c_str(), &root) != 0) {
        return std::nullopt;
    }
    return FilesystemView{ns.st_dev, ns.st_ino, root.st_dev, root.st_ino};
}

}  // namespace zc::daemon
