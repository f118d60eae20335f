#include "store/status_counters.h"

#include <sys/stat.h>
#include <unistd.h>

namespace zc::store {

namespace {
std::string fallback_file(const std::string& cache_root) {
    return cache_root + "/logs/fallbacks";
}
}  // namespace

uint64_t fallback_count(const std::string& cache_root) {
    struct stat st;
    return ::stat(fallback_file(cache_root).c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

void reset_fallback_count(const std::string& cache_root) {
    ::unlink(fallback_file(cache_root).c_str());
}

}  // namespace zc::store
