#include "rust/dep_info.h"

#include "compiler/depfile.h"

namespace zc::rust {

namespace {

// rustc escapes newlines and backslashes in env-dep values.
std::string unescape(std::string_view value) {
    std::string out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
            char next = value[++i];
            out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
        } else {
            out += value[i];
        }
    }
    return out;
}

}  // namespace

DepInfo parse_dep_info(std::string_view text) {
    DepInfo info;
    std::string rules;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.starts_with("# env-dep:")) {
            std::string_view dep = line.substr(10);
            size_t eq = dep.find('=');
            if (eq == std::string_view::npos) {
                info.env.push_back({std::string(dep), std::nullopt});
            } else {
                info.env.push_back({std::string(dep.substr(0, eq)), unescape(dep.substr(eq + 1))});
            }
            continue;
        }
        if (line.starts_with("#")) continue;  // checksums and other notes
        rules += line;
        rules += '\n';
    }
    // The first rule lists every file; the rest are empty rules for the same files.
    info.files = compiler::parse_dep_file(rules);
    return info;
}

}  // namespace zc::rust
