#include "cache/negative_deps.h"

#include <unordered_set>

namespace zc::cache {

std::vector<std::string> shadowing_candidates(const std::vector<std::string>& search_dirs,
                                              const std::vector<std::string>& deps,
                                              const std::function<bool(const std::string&)>& exists) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (const std::string& dep : deps) {
        for (size_t k = 0; k < search_dirs.size(); ++k) {
            const std::string& dir = search_dirs[k];
            if (dep.size() <= dir.size() + 1 || dep.compare(0, dir.size(), dir) != 0 || dep[dir.size()] != '/') {
                continue;
            }
            std::string_view relative = std::string_view(dep).substr(dir.size() + 1);
            for (size_t j = 0; j < k; ++j) {
                std::string candidate = search_dirs[j] + "/" + std::string(relative);
                if (candidate != dep && seen.insert(candidate).second && !exists(candidate)) {
                    out.push_back(std::move(candidate));
                }
            }
            // No break: directories may nest (the source's directory often holds the include
            // directories), and without the include's spelling every reading must be covered.
        }
    }
    return out;
}

}  // namespace zc::cache
