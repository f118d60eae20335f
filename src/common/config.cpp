#include "common/config.h"

#include <unistd.h>

#include "common/env.h"

namespace zc::common {

namespace {
// ZCCACHE_CACHE_DIR as given, made absolute against the cwd when relative.
std::optional<std::string> cache_dir_setting() {
    auto dir = process_env("ZCCACHE_CACHE_DIR");
    if (!dir || dir->empty()) return std::nullopt;
    if ((*dir)[0] == '/') return std::string(*dir);
    char cwd[4096];
    return std::string(::getcwd(cwd, sizeof cwd) ? cwd : ".") + "/" + std::string(*dir);
}
}  // namespace

std::string cache_root() {
    if (auto dir = cache_dir_setting()) return *dir;
    auto home = process_env("HOME");
    return std::string(home && !home->empty() ? *home : std::string_view("/tmp")) + "/.zccache";
}

std::string endpoint_path() {
    std::string version = std::to_string(kProtocolVersion);
    if (auto endpoint = process_env("ZCCACHE_ENDPOINT"); endpoint && !endpoint->empty()) {
        return std::string(*endpoint);
    }
    if (auto dir = cache_dir_setting()) return *dir + "/daemon-v" + version + ".sock";
    if (auto runtime = process_env("XDG_RUNTIME_DIR"); runtime && !runtime->empty()) {
        return std::string(*runtime) + "/zccache/sock-v" + version;
    }
    return "/tmp/zccache-" + std::to_string(::getuid()) + "/sock-v" + version;
}

}  // namespace zc::common
