#include "compiler/emscripten.h"

#include <gtest/gtest.h>

namespace zc::compiler {
namespace {

using Strings = std::vector<std::string>;

TEST(Emscripten, SettingValuesJoinTheirFlag) {
    EXPECT_EQ(join_setting_values({"-s", "WASM=1", "-sEXIT_RUNTIME", "-c", "a.c", "-s"}),
              (Strings{"-sWASM=1", "-sEXIT_RUNTIME", "-c", "a.c", "-s"}));
}

TEST(Emscripten, FilesNamedByOptions) {
    EXPECT_EQ(emscripten_named_inputs({"--pre-js", "pre.js", "--js-library=lib.js", "--embed-file", "a@@b.txt@/x",
                                       "--preload-file=assets/d.txt", "-sEXPORTED_FUNCTIONS=@exports.txt", "-sWASM=1",
                                       "--pre-jsx", "main.o"}),
              (Strings{"pre.js", "lib.js", "a@b.txt", "assets/d.txt", "exports.txt"}));
}

TEST(Emscripten, ConfigSearchOrder) {
    auto only = [](std::string present) { return [present](const std::string& p) { return p == present; }; };
    EXPECT_EQ(emscripten_config({"--em-config", "my.cfg"}, "/env.cfg", "/e/root", "/home/u", only("")), "my.cfg");
    EXPECT_EQ(emscripten_config({}, "/env.cfg", "/e/root", "/home/u", only("")), "/env.cfg");
    EXPECT_EQ(emscripten_config({}, "LLVM_ROOT='/x'\nNODE_JS='n'", "/e/root", "/home/u", only("")),
              "inline:LLVM_ROOT='/x'\nNODE_JS='n'");
    EXPECT_EQ(emscripten_config({}, std::nullopt, "/e/root", "/home/u", only("/e/root/.emscripten")),
              "/e/root/.emscripten");
    EXPECT_EQ(emscripten_config({}, std::nullopt, "/sdk/up/emscripten", "/home/u", only("/sdk/.emscripten")),
              "/sdk/.emscripten");
    EXPECT_EQ(emscripten_config({}, std::nullopt, "/e/root", "/home/u", only("/home/u/.emscripten")),
              "/home/u/.emscripten");
    EXPECT_EQ(emscripten_config({}, std::nullopt, "/e/root", std::nullopt, only("")), std::nullopt);
}

TEST(Emscripten, KeyedVariables) {
    EXPECT_TRUE(is_emscripten_variable("EMCC_CFLAGS"));
    EXPECT_TRUE(is_emscripten_variable("EM_CACHE"));
    EXPECT_TRUE(is_emscripten_variable("EMMAKEN_CFLAGS"));
    EXPECT_FALSE(is_emscripten_variable("EMACS"));
    EXPECT_FALSE(is_emscripten_variable("PATH"));
}

}  // namespace
}  // namespace zc::compiler
