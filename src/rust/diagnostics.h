#pragma once
// rustc's JSON diagnostics (--error-format=json, as cargo asks): whether a failed run failed
// only because lints were denied. Such a failure depends on nothing but the inputs the
// dep-info lists, so clippy's verdict can be replayed; a real error (an unresolved module or
// name) may depend on a file that does not exist yet, so it never is.

#include <string_view>

namespace zc::rust {

bool failed_only_on_lints(std::string_view stderr_json);

}  // namespace zc::rust
