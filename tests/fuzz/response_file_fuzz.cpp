// Response files: the splitter, and expansion with files that name each other.
#include <map>

#include "compiler/response_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> words = zc::compiler::split_response_file(text);
    // Every word names a file whose contents are the whole input again: nesting and cycles.
    auto read = [&](const std::string&) -> std::optional<std::string> { return text; };
    std::vector<std::string> out;
    (void)zc::compiler::expand_response_files({"@a.rsp", "-c"}, "/w", read, out);
    (void)words;
    return 0;
}
