#pragma once
// The names `zccache <name>` takes as a subcommand, and the names that look like a mistyped or
// missing one. A compile is told apart by its first word alone, so telling a typo from a
// compiler must cost nothing on the compile path: only names that look like commands are
// looked up on PATH before the daemon is asked.

#include <optional>
#include <string>
#include <string_view>

namespace zc::client {

bool is_subcommand(std::string_view name);

// For a first word that is no subcommand: the one-line error to print when it is meant as a
// command (one of the Rust zccache's that this build lacks, or within a typo of one of ours),
// nullopt when it can only be a compiler. The caller checks PATH first: a tool named `ar` is
// a compiler, not a misspelt `warm`.
std::optional<std::string> command_name_error(std::string_view name);

}  // namespace zc::client
