#pragma once
// rustc's dep-info file: a make rule whose prerequisites are every source file the crate read
// (modules, include_str!/include_bytes! files), then `# env-dep:NAME=value` lines for the
// environment variables env!/option_env! read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::rust {

struct EnvDep {
    std::string name;
    std::optional<std::string> value;  // nullopt: it was unset
};

struct DepInfo {
    std::vector<std::string> files;  // as written
    std::vector<EnvDep> env;
};

DepInfo parse_dep_info(std::string_view text);

}  // namespace zc::rust
