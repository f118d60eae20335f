#pragma once
// Whether inotify sees every change to a directory: not on filesystems a remote host or another
// kernel can change (NFS, SMB, FUSE, 9p, cluster filesystems). Files there are checked by stat
// on every lookup instead of trusted on the watch's word.

#include <string>

namespace zc::meta {

bool watch_sees_every_change(const std::string& dir);

}  // namespace zc::meta
