// Dep files as a compiler or linker writes them, and sources scanned for time macros.
#include "compiler/depfile.h"
#include "meta/time_macros.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)zc::compiler::parse_dep_file(text);
    (void)zc::meta::uses_time_macro(text);
    return 0;
}
