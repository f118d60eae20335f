// Compiler, linker, archiver and analysis-tool command lines: every parse and everything derived from one.
#include "analysis/iwyu_command.h"
#include "analysis/tidy_command.h"
#include "compiler/archive_invocation.h"
#include "compiler/emscripten.h"
#include "compiler/invocation.h"
#include "compiler/link_invocation.h"
#include "compiler/strict_paths.h"
#include "fuzz_args.h"
#include "rust/rustc_invocation.h"
#include "rust/rustfmt_command.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> args = fuzz_args(data, size);
    zc::compiler::Invocation inv = zc::compiler::parse_invocation(args);
    (void)zc::compiler::key_args(inv);
    (void)zc::compiler::miss_command(inv, zc::compiler::Family::kGcc, "/tmp/o", "/tmp/d");
    (void)zc::compiler::in_place_command(inv, zc::compiler::Family::kClang, "/tmp/d");
    for (const std::vector<std::string>& part : zc::compiler::split_sources(inv)) {
        (void)zc::compiler::parse_invocation(part);
    }
    (void)zc::compiler::parse_link(args);
    (void)zc::compiler::parse_wasm_ld(args);
    (void)zc::compiler::parse_ar(args);
    (void)zc::compiler::parse_ranlib(args);
    if (!args.empty()) (void)zc::compiler::deterministic_by_default(args.front());
    (void)zc::compiler::parse_invocation(zc::compiler::join_setting_values(args));
    (void)zc::compiler::emscripten_named_inputs(args);
    (void)zc::analysis::parse_clang_tidy(args);
    zc::analysis::AnalysisCommand iwyu = zc::analysis::parse_iwyu(args);
    (void)zc::analysis::dependency_scan_arguments(iwyu.compile_args, "/tmp/d");
    (void)zc::rust::parse_rustc(args).output_names();
    (void)zc::rust::parse_rustfmt(args);
    (void)zc::compiler::strict_path_violation(args, zc::compiler::StrictPaths::kAbsolute, true);
    return 0;
}
