// zccache: the client. Wrapper mode (`zccache gcc -c a.c`), masquerade mode (a symlink named
// like a compiler), or a subcommand, which is handed to zccache-cli so that this binary stays
// free of the heavy libraries and starts as fast as a process can.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "client/command_names.h"
#include "client/passthrough.h"
#include "client/wrapper.h"
#include "common/env.h"
#include "common/fs.h"
#include "common/paths.h"
#include "common/strict_paths_setting.h"

namespace {

constexpr std::string_view kUsage =
    "usage: zccache [--strict-paths=off|consistent|absolute] <compiler> [compiler args...]\n"
    "                                                 compile through the cache\n"
    "       zccache start | stop | status [--json] | clear | config\n"
    "       zccache explain <output file> | explain --journal-line LINE\n"
    "       zccache session-start [--stats] [--log F] [--journal F.jsonl] | session-stats ID | session-end ID\n"
    "       zccache warm [--target-dir DIR] [--lockfile Cargo.lock] | warm --compile-commands FILE [--json]\n"
    "       zccache --version | --help | help\n"
    "A symlink named gcc, g++, cc, c++, clang or clang++ pointing at zccache caches that compiler.\n";

constexpr std::string_view kStrictPathsFlag = "--strict-paths=";

// `--strict-paths=MODE` travels to the daemon as ZCCACHE_STRICT_PATHS in the request's env.
bool apply_strict_paths_flag(std::string_view arg) {
    std::string value(arg.substr(kStrictPathsFlag.size()));
    if (!zc::common::parse_strict_paths(value)) {
        zc::common::write_all(2, "zccache: --strict-paths takes off, consistent or absolute, not '" + value + "'\n");
        return false;
    }
    ::setenv("ZCCACHE_STRICT_PATHS", value.c_str(), 1);
    return true;
}

void warn_about_unknown_strict_paths_setting() {
    auto value = zc::common::process_env("ZCCACHE_STRICT_PATHS");
    if (value && !zc::common::parse_strict_paths(*value)) {
        zc::common::write_all(2, "zccache: ignoring ZCCACHE_STRICT_PATHS='" + std::string(*value) +
                                     "' (off, consistent, absolute or 1)\n");
    }
}

std::string cli_path() {
    return zc::common::executable_directory() + "/zccache-cli";
}

int run_cli(const std::string& cli, int argc, char** argv) {
    std::vector<std::string> args{cli};
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return zc::client::exec_compiler(cli, args);
}

}  // namespace

int main(int argc, char** argv) {
    std::string_view self = zc::common::base_name(argv[0]);
    if (!self.starts_with("zccache")) {
        warn_about_unknown_strict_paths_setting();
        // Called by path (RUSTFMT=/opt/links/rustfmt) or by name, a masquerade link stands for
        // the next real tool of its name on PATH; its own path would lead straight back here.
        std::vector<std::string> args(argv, argv + argc);
        args[0] = std::string(self);
        return zc::client::run_compile(args, true);
    }
    if (argc < 2) {
        zc::common::write_all(2, kUsage);
        return 2;
    }
    std::string_view first = argv[1];
    if (first == "--version" || first == "-V") {
        zc::common::write_all(1, "zccache " ZCCACHE_VERSION "\n");
        return 0;
    }
    if (first == "--help" || first == "-h") {
        // Every subcommand and setting: zccache-cli has the tables. Without it, the short form.
        std::string cli = cli_path();
        if (::access(cli.c_str(), X_OK) == 0) return run_cli(cli, argc, argv);
        zc::common::write_all(1, kUsage);
        return 0;
    }
    int compiler_at = 1;
    if (first.starts_with(kStrictPathsFlag)) {
        if (!apply_strict_paths_flag(first)) return 2;
        if (argc < 3) {
            zc::common::write_all(2, kUsage);
            return 2;
        }
        compiler_at = 2;
    } else if (first.starts_with("-")) {
        zc::common::write_all(2, "zccache: unknown option '" + std::string(first) + "' (see 'zccache --help')\n");
        return 2;
    }
    if (compiler_at == 1 && zc::client::is_subcommand(first)) return run_cli(cli_path(), argc, argv);
    // A mistyped command goes no further than here: not to the daemon as a compiler named so.
    std::string tool = argv[compiler_at];
    if (auto error = zc::client::command_name_error(tool); error && zc::client::find_real_compiler(tool).empty()) {
        zc::common::write_all(2, "zccache: " + *error + "\n");
        return 2;
    }
    warn_about_unknown_strict_paths_setting();
    return zc::client::run_compile(std::vector<std::string>(argv + compiler_at, argv + argc), false);
}
