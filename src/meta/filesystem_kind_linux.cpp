#include <sys/vfs.h>

#include <cstdint>

#include "meta/filesystem_kind.h"

namespace zc::meta {

namespace {
// statfs f_type values (linux/magic.h and the filesystems' own sources).
constexpr uint32_t kRemote[] = {
    0x6969,      // NFS
    0x517B,      // SMB
    0xFE534D42,  // SMB2
    0xFF534D42,  // CIFS
    0x65735546,  // FUSE (sshfs, s3fs, …)
    0x01021997,  // 9p (virtual machines' shared folders)
    0x00C36400,  // Ceph
    0x5346414F,  // AFS
    0x6B414653,  // kAFS
    0x73757245,  // Coda
    0x0BD00BD0,  // Lustre
    0x01161970,  // GFS2
    0x7461636F,  // OCFS2
    0x47504653,  // GPFS
    0x786F4256,  // VirtualBox shared folders
};
}  // namespace

bool watch_sees_every_change(const std::string& dir) {
    struct statfs fs;
    if (::statfs(dir.c_str(), &fs) != 0) return false;
    auto type = static_cast<uint32_t>(fs.f_type);
    for (uint32_t remote : kRemote) {
        if (type == remote) return false;
    }
    return true;
}

}  // namespace zc::meta
