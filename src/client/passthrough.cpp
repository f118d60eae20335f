#include "client/passthrough.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/env.h"
#include "common/fs.h"

namespace zc::client {

namespace {
void print_error(std::string_view message) {
    std::string line = "zccache: " + std::string(message) + "\n";
    common::write_all(2, line);
}
}  // namespace

std::string find_real_compiler(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    struct stat self;
    bool have_self = ::stat("/proc/self/exe", &self) == 0;
    std::string_view path = common::process_env("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
    while (true) {
        size_t colon = path.find(':');
        std::string_view dir = path.substr(0, colon);
        std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + name;
        struct stat st;
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0 &&
            !(have_self && st.st_dev == self.st_dev && st.st_ino == self.st_ino)) {
            return candidate;
        }
        if (colon == std::string_view::npos) return {};
        path.remove_prefix(colon + 1);
    }
}

int exec_compiler(const std::string& compiler, const std::vector<std::string>& argv) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    // argv[0] is the resolved path: gcc finds cc1 relative to it, and a bare name would lead
    // it back through PATH to a masquerade symlink. The basename, which tools print, is kept.
    args.push_back(const_cast<char*>(compiler.c_str()));
    for (size_t i = 1; i < argv.size(); ++i) args.push_back(const_cast<char*>(argv[i].c_str()));
    args.push_back(nullptr);
    ::execv(compiler.c_str(), args.data());
    int err = errno;
    print_error("cannot run '" + compiler + "': " + std::strerror(err));
    return err == ENOENT ? 127 : 126;
}

int exec_resolved(const std::vector<std::string>& argv) {
    std::string compiler = find_real_compiler(argv[0]);
    if (compiler.empty()) {
        print_error("unknown command or compiler '" + argv[0] + "' (see 'zccache --help')");
        return 2;
    }
    return exec_compiler(compiler, argv);
}

}  // namespace zc::client
