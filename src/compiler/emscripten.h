#pragma once
// What emcc and em++ add to a clang command line: `-s SETTING` values, options naming files a
// link reads (--pre-js, --js-library, --embed-file, ...), and where the toolchain's config is.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::compiler {

// `-s NAME=VALUE` as `-sNAME=VALUE` (emcc takes both), so that the value is not read as an input.
std::vector<std::string> join_setting_values(const std::vector<std::string>& args);

// The files a link reads because an option names them, as written: --pre-js, --post-js,
// --extern-pre-js, --extern-post-js, --js-library, --shell-file, --embed-file and
// --preload-file (without their `@mount` part), and `-sNAME=@file` lists.
std::vector<std::string> emscripten_named_inputs(const std::vector<std::string>& args);

// Where emcc reads its config, in its own order: --em-config, EM_CONFIG, `.emscripten` in its
// root, in the emsdk root two levels up, in the home directory. nullopt when there is none;
// "inline:<text>" when EM_CONFIG holds the settings themselves.
std::optional<std::string> emscripten_config(const std::vector<std::string>& args,
                                             std::optional<std::string_view> em_config_env, const std::string& root,
                                             std::optional<std::string_view> home,
                                             const std::function<bool(const std::string&)>& exists);

// Environment variables that change what emcc produces: EMCC_*, EMMAKEN_*, EM_*.
bool is_emscripten_variable(std::string_view name);

}  // namespace zc::compiler
