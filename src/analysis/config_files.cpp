#include "analysis/config_files.h"

#include <filesystem>

#include "common/paths.h"

namespace zc::analysis {

std::vector<std::string> config_candidates(const std::string& start_dir, const std::vector<std::string_view>& names) {
    std::vector<std::string> out;
    std::filesystem::path dir(common::lexically_normal(start_dir));
    while (true) {
        for (std::string_view name : names) out.push_back((dir / name).string());
        if (!dir.has_relative_path()) return out;  // the root
        dir = dir.parent_path();
    }
}

}  // namespace zc::analysis
