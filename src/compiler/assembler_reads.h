#pragma once
// gcc hands its assembly to GNU as, whose `.incbin` and `.include` read files the preprocessor
// never sees, and a directive can be spelled so that no scan of the source finds it
// (`asm(".inc" "bin \"blob\"")`, a section name with a newline in it). So a miss asks the
// assembler itself which files it read (`--MD`): besides its own input and the source's name
// (gcc's `.file` directive, which as records too), any file means the result is not stored.

#include <string>
#include <vector>

#include "compiler/invocation.h"

namespace zc::compiler {

// The arguments that make gcc's assembler write the files it read to `dep_path` (as -Xassembler
// pairs: a path with a comma in it would split inside -Wa,).
std::vector<std::string> assembler_reads_arguments(const std::string& dep_path);

// Whether a miss of `inv` under gcc can ask its assembler: it assembles, does not keep its
// temporaries (-save-temps names the assembler's input in the build tree).
bool can_record_assembler_reads(const Invocation& inv);

// The files in `dep_text` (as's --MD output for a compile of `source` in `cwd`) that the
// assembler read beyond its input: gcc's temporary `cc*.s` (gone once gcc exits) and the
// `.file` name (the source's base name, unless it names another file in `cwd`) are left out.
std::vector<std::string> files_the_assembler_read(const std::string& dep_text, const std::string& source,
                                                  const std::string& cwd);

}  // namespace zc::compiler
