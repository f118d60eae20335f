// Compiler and linker command lines: every parse and everything derived from a parse.
#include "compiler/invocation.h"
#include "compiler/link_invocation.h"
#include "compiler/strict_paths.h"
#include "fuzz_args.h"

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
    (void)zc::compiler::strict_path_violation(args, zc::compiler::StrictPaths::kAbsolute, true);
    return 0;
}
