#pragma once
// `zccache warm`'s static libraries: after the compiles, each CMake archive step of the build
// (analysis/cmake_archive_steps.h) whose members are all there is restored from the cache
// entries of its `ar qc` and its `ranlib`, and dated to its newest member, so that ninja finds
// it up to date. Ninja runs the step again when anything it knows says otherwise (a member
// newer than the archive, another command in its log): then the step overwrites it.

#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/cmake_archive_steps.h"
#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/pipeline.h"
#include "protocol/messages.h"

namespace zc::daemon {

// Restored: delivered and dated; missed: its ar or its ranlib has no entry for these members;
// present: the archive exists and is left alone; skipped: a member missing or too fresh, or
// its tools not zccache.
// `objects`: what the request restored, by lexically normal path; a member among them whose
// state is unchanged since is not read again to key the ar.
using RestoredObjects = std::unordered_map<std::string, const RestoredObject*>;
// `ninja`: an archive that feeds a step whose output exists is not restored (NinjaBuild).
RestoreTally restore_archives(DaemonContext& ctx, const protocol::WarmBuildRequest& request,
                              const std::vector<analysis::ArchiveStep>& steps, const NinjaBuild& ninja,
                              const RestoredObjects& objects, ClientLink& client);

}  // namespace zc::daemon
