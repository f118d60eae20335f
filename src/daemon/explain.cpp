#include "daemon/explain.h"

#include <fmt/format.h>

#include <algorithm>

#include "reasons/reason.h"

namespace zc::daemon {

using reasons::Reason;

std::vector<std::string> key_differences(const KeyInputs& before, const KeyInputs& now) {
    std::vector<std::string> out;
    if (before.compiler != now.compiler) {
        out.push_back(fmt::format("the compiler changed: {} -> {}", before.compiler, now.compiler));
    } else if (before.compiler_hash != now.compiler_hash) {
        out.push_back(fmt::format("the compiler binary {} changed (upgraded in place?)", now.compiler));
    }
    for (const std::string& arg : before.args) {
        if (std::find(now.args.begin(), now.args.end(), arg) == now.args.end()) {
            out.push_back(fmt::format("argument removed: {}", arg));
        }
    }
    for (const std::string& arg : now.args) {
        if (std::find(before.args.begin(), before.args.end(), arg) == before.args.end()) {
            out.push_back(fmt::format("argument added: {}", arg));
        }
    }
    if (out.empty() && before.args != now.args) out.push_back("the arguments are the same but in another order");
    std::map<std::string, std::string> all = before.env;
    all.insert(now.env.begin(), now.env.end());
    for (const auto& [name, unused] : all) {
        auto b = before.env.find(name);
        auto n = now.env.find(name);
        std::string was = b == before.env.end() ? "(unset)" : b->second;
        std::string is = n == now.env.end() ? "(unset)" : n->second;
        if (was != is) out.push_back(fmt::format("environment variable {} changed: {} -> {}", name, was, is));
    }
    if (before.cwd != now.cwd)
        out.push_back(fmt::format("the working directory changed: {} -> {}", before.cwd, now.cwd));
    if (before.source_hash != now.source_hash) out.push_back(fmt::format("the source {} changed", now.source));
    return out;
}

void ExplainLog::record(const std::string& output, CompileRecord record) {
    std::lock_guard lock(mutex_);
    if (by_output_.size() >= kMaxOutputs && !by_output_.contains(output)) by_output_.erase(by_output_.begin());
    History& history = by_output_[output];
    if (!history.last.outcome.empty()) history.previous = std::move(history.last);
    history.last = std::move(record);
}

std::optional<std::vector<std::string>> ExplainLog::explain(const std::string& output) {
    std::lock_guard lock(mutex_);
    auto it = by_output_.find(output);
    if (it == by_output_.end()) return std::nullopt;
    const History& h = it->second;
    const CompileRecord& last = h.last;
    std::vector<std::string> lines;
    if (last.outcome == "hit") {
        lines.push_back("hit: every input matched a cached compile");
    } else if (last.outcome == "uncacheable") {
        lines.push_back(fmt::format("not cached ({}): the compiler ran as it would without zccache", last.reason));
    } else if (last.outcome == "error") {
        lines.push_back("the compiler failed: failures are replayed, not stored");
    } else if (last.reason == reasons::name(Reason::kInputFingerprintMismatch)) {
        lines.push_back("miss: cached compiles exist for this command, but an input changed:");
        for (const std::string& change : last.changed_inputs) lines.push_back("  " + change);
    } else if (last.reason == reasons::name(Reason::kContextNotFound)) {
        if (h.previous && !h.previous->inputs.compiler.empty()) {
            std::vector<std::string> diff = key_differences(h.previous->inputs, last.inputs);
            lines.push_back("miss: nothing cached for this command; against the compile before it:");
            if (diff.empty())
                lines.push_back("  no difference in the key: the earlier result was not stored or was evicted");
            for (const std::string& d : diff) lines.push_back("  " + d);
        } else {
            lines.push_back(
                "miss: the first compile of this output with this compiler, command, environment and source");
        }
    } else {
        lines.push_back(fmt::format("{} ({})", last.outcome, last.reason));
    }
    if (last.worktree_hit) {
        lines.push_back("worktree: served from an entry another worktree of this project stored");
    } else if (std::string_view why = reasons::worktree_reason_name(last.worktree); !why.empty()) {
        std::string_view what = reasons::description(reasons::worktree_counter(last.worktree));
        if (what.starts_with("worktree sharing: ")) what.remove_prefix(std::string_view("worktree sharing: ").size());
        lines.push_back(fmt::format("worktree: not shared with other worktrees ({}): {}", why, what));
    }
    return lines;
}

}  // namespace zc::daemon
