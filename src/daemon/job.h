#pragma once
// One keyed job: a request once its tool plan understood it. What the pipeline and the shared
// hit and miss paths need (the tool, the key, where outputs go, what else the result depends
// on); a plan keeps what only it needs in its own members.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/ninja_deps_log.h"
#include "cache/path_remap.h"
#include "common/hash.h"
#include "compiler/compiler_locator.h"
#include "daemon/compile_facts.h"
#include "meta/file_metadata_cache.h"
#include "protocol/messages.h"
#include "store/artifact_store.h"

namespace zc::daemon {

// File contents known without reading them, by absolute path.
using KnownContents = std::unordered_map<std::string, common::Hash128>;

struct Job {
    const protocol::CompileRequest* request = nullptr;
    CompileFacts* facts = nullptr;  // what the journal and `explain` learn; the hit path notes what it saved
    compiler::ResolvedCompiler compiler;
    meta::FileInfo tool_file;  // the resolved tool's file, a regular one (the pipeline checked)
    common::Hash128 key;
    cache::PathRemap remap;  // worktree sharing, when the build asked for it
    // With worktree sharing (C/C++): the key without the toolchain, and the toolchain, so that a
    // miss can tell a sibling's other toolchain from nothing cached (WorktreeToolchains).
    std::optional<common::Hash128> toolless_key;
    common::Hash128 toolchain;
    bool strip_colour = false;  // diagnostics were stored coloured; this caller wants them plain
    // `zccache warm`: a hit is delivered as files of their own (their dates are set to the
    // inputs' afterwards, which must not reach another output through a shared inode), and a
    // miss never compiles.
    bool restore_only = false;
    // A restore of an output ninja keeps deps for (`.ninja_deps`): only an entry whose dep file
    // lists exactly the record's inputs, none newer than the record, is served (ninja trusts
    // the record, not the file), and its dep file is not written, as ninja leaves none.
    const analysis::NinjaDepsLog::Record* ninja_record = nullptr;
    // A restore of a static library (daemon/warm_archives.cpp): `ar qc` is only looked up, its
    // hit's one output known by hash (CompileFacts::looked_up) and delivered nowhere; the
    // `ranlib` after it is keyed with that archive (`indexed_archive`), as it would read it.
    bool look_up_only = false;
    std::optional<common::Hash128> indexed_archive;
    // Its members whose content the restore knows (it delivered them, unchanged since), by the
    // absolute path ar's plan reads them at: not read again.
    const KnownContents* known_members = nullptr;

    std::string output_path;                // absolute: where the main output is delivered
    std::string dep_file_path;              // absolute, when the user asked for one
    bool result_is_output = false;          // the result is the output and exit code; files written are optional
    std::vector<std::string> extra_deps;    // absolute: config files that decide the result
    std::vector<std::string> extra_absent;  // absolute: config files that must not appear
    std::vector<std::string> keyed_files;   // absolute: files whose content the key holds (a -fprofile-use profile)
    // The blobs a miss published, pinned until the job ends (after its manifest's write);
    // shared by a copy of the job, which is the same job.
    std::shared_ptr<store::BlobPins> pins = std::make_shared<store::BlobPins>();

    // The permission bits a bare run gives an output that the tool wrote with `recorded` (an
    // executable stays executable): 0666 or 0777 less this client's umask.
    uint32_t output_mode(uint32_t recorded = 0644) const {
        return ((recorded & 0111) != 0 ? 0777u : 0666u) & ~(request->umask & 0777u);
    }
};

}  // namespace zc::daemon
