#include "compiler/emscripten.h"

#include <array>

#include "common/paths.h"

namespace zc::compiler {

namespace {

constexpr std::array<std::string_view, 8> kFileOptions = {
    "--pre-js",     "--post-js",    "--extern-pre-js", "--extern-post-js",
    "--js-library", "--shell-file", "--embed-file",    "--preload-file",
};

// "src@/dst" -> "src"; "@@" is a literal '@'.
std::string without_mount_point(std::string_view value) {
    std::string out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '@') {
            out += value[i];
        } else if (i + 1 < value.size() && value[i + 1] == '@') {
            out += '@';
            ++i;
        } else {
            break;
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> join_setting_values(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    out.reserve(args.size());
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-s" && i + 1 < args.size()) {
            out.push_back("-s" + args[++i]);
        } else {
            out.push_back(args[i]);
        }
    }
    return out;
}

std::vector<std::string> emscripten_named_inputs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg.starts_with("-s")) {
            size_t at = arg.find("=@");
            if (at != std::string_view::npos) out.emplace_back(arg.substr(at + 2));
            continue;
        }
        for (std::string_view option : kFileOptions) {
            if (!arg.starts_with(option)) continue;
            std::string_view rest = arg.substr(option.size());
            std::string_view value;
            if (rest.empty() && i + 1 < args.size()) {
                value = args[++i];
            } else if (rest.starts_with("=")) {
                value = rest.substr(1);
            } else {
                continue;
            }
            bool mounts = option == "--embed-file" || option == "--preload-file";
            out.push_back(mounts ? without_mount_point(value) : std::string(value));
            break;
        }
    }
    return out;
}

std::optional<std::string> emscripten_config(const std::vector<std::string>& args,
                                             std::optional<std::string_view> em_config_env, const std::string& root,
                                             std::optional<std::string_view> home,
                                             const std::function<bool(const std::string&)>& exists) {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--em-config") return args[i + 1];
    }
    if (em_config_env) {
        if (em_config_env->find_first_of("\n;") != std::string_view::npos)
            return "inline:" + std::string(*em_config_env);
        return std::string(*em_config_env);
    }
    std::string embedded = root + "/.emscripten";
    if (exists(embedded)) return embedded;
    std::string emsdk = std::string(common::dir_name(common::dir_name(root))) + "/.emscripten";
    if (exists(emsdk)) return emsdk;
    if (home) {
        std::string user = std::string(*home) + "/.emscripten";
        if (exists(user)) return user;
    }
    return std::nullopt;
}

bool is_emscripten_variable(std::string_view name) {
    return name.starts_with("EMCC_") || name.starts_with("EMMAKEN_") || name.starts_with("EM_");
}

}  // namespace zc::compiler
