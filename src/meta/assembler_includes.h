#pragma once
// Whether a file may make the assembler read another file: `.incbin` or `.include`, in a `.S`
// file or in inline asm. The compiler's dep file does not list what the assembler reads, so a
// compile that sees either is not stored. Conservative: a mention anywhere counts.

#include <string_view>

namespace zc::meta {

bool mentions_assembler_include(std::string_view text);

}  // namespace zc::meta
