#pragma once
// CMake's static-library step under its Ninja generator, found in the build's manifest:
//
//   rule C_STATIC_LIBRARY_LINKER__w_
//     command = $PRE_LINK && /usr/bin/cmake -E rm -f $TARGET_FILE && AR qc $TARGET_FILE $LINK_FLAGS $in && RANLIB
//     $TARGET_FILE && $POST_BUILD
//   build libw.a: C_STATIC_LIBRARY_LINKER__w_ a.o b.o
//     PRE_LINK = :
//     POST_BUILD = :
//     TARGET_FILE = libw.a
//
// Only that exact shape, with nothing before or after the archive's own commands and no link
// flags: then all the step does, once its cmake is the one that wrote the build (the caller
// checks), is `AR qc T members` on a fresh T and `RANLIB T`, and `zccache warm` can restore T
// from those two commands' cache entries.

#include <string>
#include <vector>

#include "analysis/ninja_manifest.h"

namespace zc::analysis {

struct ArchiveStep {
    std::string target;                // the archive, as written (relative to the build dir)
    std::vector<std::string> members;  // `$in`: what ar gets, in order
    std::string cmake;                 // the command's cmake, a path: it must be the build's own
    std::string archiver;              // the command's AR, a path
    std::string indexer;               // its RANLIB, a path
};

// Every such step, in the manifest's order.
std::vector<ArchiveStep> cmake_archive_steps(const NinjaManifest& manifest);

}  // namespace zc::analysis
