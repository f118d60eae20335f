#pragma once
// What the journal, the sessions and `explain` learn about a compile beyond its request and reply.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/hash.h"
#include "daemon/explain.h"
#include "protocol/messages.h"
#include "reasons/worktree.h"

namespace zc::daemon {

struct CompilePart;  // below: one source of a multi-source command

struct CompileFacts {
    std::string compiler;                     // resolved path, empty when it was not found
    int64_t latency_ns = 0;                   // for a part of a multi-source command: its own lookup and compile
    int64_t saved_ns = 0;                     // on a hit: how long the compile it replaced took
    std::string output;                       // absolute output path, when the command line names one
    KeyInputs inputs;                         // what entered the key, when the compile got that far
    std::vector<std::string> changed_inputs;  // on input_fingerprint_mismatch: what differs
    reasons::Worktree worktree = reasons::Worktree::kNotAsked;  // whether sibling checkouts share it
    bool worktree_hit = false;                                  // served from another worktree's entry
    // A restore's hit (Job::restore_only): the newest mtime among the served entry's inputs,
    // and every file it delivered.
    int64_t newest_input_ns = 0;
    std::vector<std::string> delivered;
    std::optional<common::Hash128> delivered_output;  // the blob delivered as the job's output_path
    bool ninja_record_differs = false;                // an entry was current, but not what ninja's deps log says
    std::optional<common::Hash128> looked_up;         // Job::look_up_only: the hit's one output, verified
    // A multi-source command: one record per source, each journaled as its own compile.
    std::vector<CompilePart> parts;
};

struct CompilePart {
    protocol::CompileRequest request;  // the command with only this source
    protocol::CompileReply reply;
    CompileFacts facts;
};

}  // namespace zc::daemon
