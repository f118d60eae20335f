#include <gtest/gtest.h>

#include "reason_printing.h"
#include "rust/dep_info.h"
#include "rust/diagnostics.h"
#include "rust/rustc_invocation.h"
#include "rust/rustfmt_command.h"

namespace zc::rust {
namespace {

using Strings = std::vector<std::string>;

TEST(RustcInvocation, CargoBuildOfALibrary) {
    RustInvocation inv = parse_rustc({"--crate-name",
                                      "mid",
                                      "--edition=2021",
                                      "mid/src/lib.rs",
                                      "--error-format=json",
                                      "--crate-type",
                                      "lib",
                                      "--emit=dep-info,metadata,link",
                                      "-C",
                                      "debuginfo=2",
                                      "-C",
                                      "metadata=abc",
                                      "-Cextra-filename=-abc",
                                      "--out-dir",
                                      "/t/deps",
                                      "-L",
                                      "dependency=/t/deps",
                                      "--extern",
                                      "leaf=/t/deps/libleaf-x.rlib",
                                      "--extern=noprelude:core"});
    ASSERT_TRUE(inv.cacheable()) << inv.uncacheable_reason;
    EXPECT_EQ(inv.crate_name, "mid");
    EXPECT_EQ(inv.source, "mid/src/lib.rs");
    EXPECT_EQ(inv.out_dir, "/t/deps");
    EXPECT_EQ(inv.extra_filename, "-abc");
    ASSERT_EQ(inv.externs.size(), 2u);
    EXPECT_EQ(inv.externs[0].arg_index, 18u);
    EXPECT_EQ(inv.externs[0].name, "leaf");
    EXPECT_EQ(inv.externs[0].path, "/t/deps/libleaf-x.rlib");
    EXPECT_EQ(inv.externs[1].path, "");
    EXPECT_EQ(inv.output_names(), (Strings{"libmid-abc.rlib", "libmid-abc.rmeta", "mid-abc.d"}));
}

TEST(RustcInvocation, PassedThroughWithAReason) {
    auto reason = [](Strings args) { return parse_rustc(args).uncacheable_reason; };
    Strings base = {"--crate-name", "a", "a.rs", "--out-dir", "o", "--emit=dep-info,metadata"};
    auto with = [&](Strings extra) {
        Strings args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return reason(args);
    };
    EXPECT_EQ(with({"--crate-type", "lib"}), zc::reasons::Reason::kNone);
    EXPECT_EQ(with({"--crate-type", "proc-macro"}), "proc_macro");
    EXPECT_EQ(with({"--crate-type", "bin"}), "bin");
    EXPECT_EQ(with({"--crate-type", "cdylib"}), "cdylib");
    EXPECT_EQ(with({"--crate-type", "dylib"}), "dylib");
    EXPECT_EQ(with({}), "bin");
    EXPECT_EQ(with({"--crate-type", "lib", "-C", "incremental=/t/inc"}), "incremental");
    EXPECT_EQ(with({"--crate-type", "lib", "--emit=asm"}), "unknown_emit");
    EXPECT_EQ(reason({"-", "--crate-name", "___", "--print=file-names"}), "stdin_input");
    EXPECT_EQ(reason({"-vV"}), "not_a_compile");
    EXPECT_EQ(reason({"--crate-name", "a", "a.rs", "--out-dir", "o", "--crate-type", "lib", "--emit=link"}),
              "no_dep_info");
}

TEST(RustDepInfo, FilesAndEnvironment) {
    DepInfo info = parse_dep_info(
        "/t/libx.rlib /t/libx.rmeta /t/x.d: src/lib.rs src/extra.rs src/data.txt\n\n"
        "src/lib.rs:\nsrc/extra.rs:\nsrc/data.txt:\n\n"
        "# env-dep:BUILD_VALUE=a\\nb\n# env-dep:UNSET_ONE\n# checksum:blake3=00\n");
    EXPECT_EQ(info.files, (Strings{"src/lib.rs", "src/extra.rs", "src/data.txt"}));
    ASSERT_EQ(info.env.size(), 2u);
    EXPECT_EQ(info.env[0].name, "BUILD_VALUE");
    EXPECT_EQ(info.env[0].value, "a\nb");
    EXPECT_EQ(info.env[1].value, std::nullopt);
}

TEST(Rustfmt, CommandLine) {
    RustfmtCommand cmd = parse_rustfmt({"--edition", "2021", "--check", "--config-path=fmt.toml", "src/main.rs"});
    ASSERT_TRUE(cmd.cacheable());
    EXPECT_TRUE(cmd.check);
    EXPECT_FALSE(cmd.writes_files());
    EXPECT_EQ(cmd.files, (Strings{"src/main.rs"}));
    EXPECT_EQ(cmd.config_paths, (Strings{"fmt.toml"}));
    EXPECT_TRUE(parse_rustfmt({"a.rs"}).writes_files());
    EXPECT_EQ(parse_rustfmt({"--check"}).uncacheable_reason, "stdin_input");
    EXPECT_EQ(parse_rustfmt({"--print-config", "default"}).uncacheable_reason, "not_a_format_run");
    EXPECT_EQ(parse_rustfmt({"--backup", "a.rs"}).uncacheable_reason, "extra_output_files");
}

TEST(Rustfmt, EmittedFilesSplitAtTheirHeaders) {
    std::string out =
        "Formatting /w/src/a.rs\n/w/src/a.rs:\n\npub fn f() -> u32 {\n    1\n}\n"
        "Formatting /w/src/main.rs\n/w/src/main.rs:\n\nmod a;\nfn main() {}\n"
        "Spent 0.001 secs in the parsing phase, and 0.000 secs in the formatting phase\n";
    auto files = split_emitted_files(out);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].first, "/w/src/a.rs");
    EXPECT_EQ(files[0].second, "pub fn f() -> u32 {\n    1\n}\n");
    EXPECT_EQ(files[1].first, "/w/src/main.rs");
    EXPECT_EQ(files[1].second, "mod a;\nfn main() {}\n");
    EXPECT_TRUE(split_emitted_files("not rustfmt output").empty());
    auto with_config = split_emitted_files(
        "Using rustfmt config file /w/rustfmt.toml for /w/a.rs\nFormatting /w/a.rs\n/w/a.rs:\n\nfn a() {}\n"
        "Using rustfmt config file /w/rustfmt.toml for /w/b.rs\nFormatting /w/b.rs\n/w/b.rs:\n\nfn b() {}\n");
    ASSERT_EQ(with_config.size(), 2u);
    auto two_inputs = split_emitted_files(
        "Formatting /w/a.rs\n/w/a.rs:\n\nfn a() {}\nSpent 0.1 secs in the parsing phase, and 0.0 secs in the "
        "formatting phase\n"
        "Formatting /w/b.rs\n/w/b.rs:\n\nfn b() {}\nSpent 0.1 secs in the parsing phase, and 0.0 secs in the "
        "formatting phase\n");
    ASSERT_EQ(two_inputs.size(), 2u);
    EXPECT_EQ(two_inputs[0].second, "fn a() {}\n");
    EXPECT_EQ(two_inputs[1].second, "fn b() {}\n");
    EXPECT_EQ(with_config[0].second, "fn a() {}\n");
    EXPECT_EQ(with_config[1].second, "fn b() {}\n");
}

TEST(RustDiagnostics, OnlyDeniedLintsMakeAReplayableFailure) {
    std::string lint =
        R"({"$message_type":"diagnostic","level":"error","code":{"code":"clippy::needless_return"},"message":"unneeded"})";
    std::string rustc_lint =
        R"({"$message_type":"diagnostic","level":"error","code":{"code":"unused_variables"},"message":"x"})";
    std::string hard =
        R"({"$message_type":"diagnostic","level":"error","code":{"code":"E0583"},"message":"file not found for module"})";
    std::string abort =
        R"({"$message_type":"diagnostic","level":"error","code":null,"message":"aborting due to 1 previous error"})";
    std::string warning = R"({"$message_type":"diagnostic","level":"warning","code":null,"message":"w"})";
    std::string artifact = R"({"$message_type":"artifact","artifact":"/t/x.d","emit":"dep-info"})";
    EXPECT_TRUE(failed_only_on_lints(artifact + "\n" + warning + "\n" + lint + "\n" + abort + "\n"));
    EXPECT_TRUE(failed_only_on_lints(rustc_lint + "\n" + abort));
    EXPECT_FALSE(failed_only_on_lints(lint + "\n" + hard + "\n" + abort));
    EXPECT_FALSE(failed_only_on_lints(abort));
    EXPECT_FALSE(failed_only_on_lints("error[E0425]: cannot find value `x` in this scope\n"));
    EXPECT_FALSE(failed_only_on_lints(""));
    // Rust before 1.71 (Debian 12's 1.63): no $message_type on diagnostics or artifacts.
    std::string old_lint = R"({"message":"m","code":{"code":"clippy::needless_return"},"level":"error"})";
    std::string old_abort = R"({"message":"aborting due to previous error","code":null,"level":"error"})";
    std::string old_hard = R"({"message":"m","code":{"code":"E0583"},"level":"error"})";
    std::string old_artifact = R"({"artifact":"/t/x.d","emit":"dep-info"})";
    EXPECT_TRUE(failed_only_on_lints(old_artifact + "\n" + old_lint + "\n" + old_abort + "\n"));
    EXPECT_FALSE(failed_only_on_lints(old_lint + "\n" + old_hard + "\n" + old_abort + "\n"));
}

}  // namespace
}  // namespace zc::rust
