// Text that tools write or that the cache reads beside a compile: dep files, linker traces,
// sources scanned for time macros, iwyu mapping files, compile databases.
#include "analysis/compile_database.h"
#include "analysis/iwyu_command.h"
#include "compiler/depfile.h"
#include "compiler/link_invocation.h"
#include "meta/time_macros.h"
#include "rust/dep_info.h"
#include "rust/rustfmt_command.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)zc::compiler::parse_dep_file(text);
    (void)zc::meta::uses_time_macro(text);
    std::string trace(text);
    (void)zc::compiler::take_trace_lines(trace, "/w", false, [](const std::string& p) { return p.size() % 2 == 0; });
    (void)zc::analysis::mapping_file_refs(text);
    (void)zc::rust::parse_dep_info(text);
    (void)zc::rust::split_emitted_files(text);
    if (auto db = zc::analysis::CompileCommands::parse(text)) (void)db->entry_for("/w/a.cpp");
    return 0;
}
