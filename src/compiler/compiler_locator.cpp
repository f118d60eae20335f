#include "compiler/compiler_locator.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include "common/paths.h"

namespace zc::compiler {

namespace {
bool is_executable_file(const ProgramFiles& files, const std::string& path, dev_t skip_dev, ino_t skip_ino) {
    dev_t dev = 0;
    ino_t ino = 0;
    return files.executable(path, dev, ino) && !(dev == skip_dev && ino == skip_ino);
}

bool is_c_compiler(std::string_view real_name, Family& family) {
    if (real_name.find("clang") != std::string_view::npos) {
        family = Family::kClang;
        return real_name.find("clang-tidy") == std::string_view::npos &&
               real_name.find("clang-format") == std::string_view::npos;
    }
    constexpr std::array<std::string_view, 4> kGccNames = {"gcc", "g++", "cc", "c++"};
    for (std::string_view gcc_name : kGccNames) {
        size_t at = real_name.find(gcc_name);
        if (at == std::string_view::npos) continue;
        // The name must end there or continue with a version ("gcc-12"), not be "gcc-ar".
        std::string_view rest = real_name.substr(at + gcc_name.size());
        if (rest.empty() || (rest[0] == '-' && rest.size() > 1 && rest[1] >= '0' && rest[1] <= '9')) {
            family = Family::kGcc;
            return true;
        }
    }
    return false;
}

// "x86_64-linux-gnu-ar", "llvm-ar-14", "ranlib": `tool` alone or after a '-', then an optional version.
bool names_binutil(std::string_view name, std::string_view tool) {
    size_t dash = name.rfind('-');
    if (dash != std::string_view::npos && dash + 1 < name.size() &&
        name.substr(dash + 1).find_first_not_of("0123456789.") == std::string_view::npos) {
        name = name.substr(0, dash);
    }
    return name == tool || (name.ends_with(tool) && name[name.size() - tool.size() - 1] == '-');
}

// Tools by the name of the real binary ("gcc-12", "x86_64-linux-gnu-g++-12", "clang-14",
// "clang-tidy-14"). Emscripten and wasm-ld go by the name they were called by: emcc and em++
// are one launcher script that runs `<its name>.py`, and wasm-ld is lld choosing its flavour
// from argv[0].
ToolKind classify(std::string_view called_name, std::string_view real_name, Family& family) {
    if (called_name.starts_with("emcc") || called_name.starts_with("em++")) {
        family = Family::kClang;
        return ToolKind::kEmscripten;
    }
    if (called_name.starts_with("wasm-ld")) return ToolKind::kWasmLd;
    // rustup's proxies are one binary that picks the tool by the name it was called by.
    if (called_name == "rustc" || real_name == "rustc") return ToolKind::kRustc;
    if (called_name == "clippy-driver" || real_name == "clippy-driver") return ToolKind::kClippyDriver;
    if (called_name == "rustfmt" || real_name == "rustfmt") return ToolKind::kRustfmt;
    // llvm-ranlib is llvm-ar acting on the name it was called by.
    if (names_binutil(called_name, "ranlib") || names_binutil(real_name, "ranlib")) return ToolKind::kRanlib;
    if (names_binutil(real_name, "ar")) return ToolKind::kArchiver;
    if (real_name.starts_with("clang-tidy")) return ToolKind::kClangTidy;
    if (real_name.starts_with("include-what-you-use") || real_name == "iwyu") return ToolKind::kIncludeWhatYouUse;
    return is_c_compiler(real_name, family) ? ToolKind::kCompiler : ToolKind::kUnknown;
}
}  // namespace

ProgramFiles system_program_files() {
    ProgramFiles files;
    files.executable = [](const std::string& path, dev_t& dev, ino_t& ino) {
        struct stat st;
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) return false;
        dev = st.st_dev;
        ino = st.st_ino;
        return true;
    };
    files.real_path = [](const std::string& path) {
        char real[PATH_MAX];
        return ::realpath(path.c_str(), real) ? std::string(real) : path;
    };
    return files;
}

std::optional<ResolvedCompiler> locate_compiler(std::string_view name, std::string_view path_var,
                                                const std::string& cwd, dev_t skip_dev, ino_t skip_ino,
                                                const ProgramFiles& files) {
    ResolvedCompiler out;
    if (name.find('/') != std::string_view::npos) {
        out.path = common::absolute_from(cwd, name);
        if (!is_executable_file(files, out.path, skip_dev, skip_ino)) return std::nullopt;
    } else {
        while (true) {
            size_t colon = path_var.find(':');
            std::string_view dir = path_var.substr(0, colon);
            std::string candidate = common::absolute_from(cwd, dir) + "/" + std::string(name);
            if (is_executable_file(files, candidate, skip_dev, skip_ino)) {
                out.path = std::move(candidate);
                break;
            }
            if (colon == std::string_view::npos) return std::nullopt;
            path_var.remove_prefix(colon + 1);
        }
    }
    out.real_path = files.real_path(out.path);
    out.kind = classify(common::base_name(out.path), common::base_name(out.real_path), out.family);
    return out;
}

std::string keyed_driver_name(const ResolvedCompiler& compiler) {
    return compiler.family == Family::kClang ? std::string(common::base_name(compiler.path)) : std::string();
}

}  // namespace zc::compiler
