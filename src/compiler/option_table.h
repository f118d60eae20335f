#pragma once
// Compiler options as data: how each one is spelled, whether it takes an argument, and what it
// means to the cache. Options not in the table are plain flags that enter the key as written.

#include <string_view>

#include "reasons/reason.h"

namespace zc::compiler {

enum class ArgForm {
    kNone,              // "-c": exactly this
    kSeparateOrJoined,  // "-I dir" or "-Idir"
    kSeparateOrEquals,  // "--sysroot dir" or "--sysroot=dir"
    kSeparateOnly,      // "-Xclang arg"
    kPrefix,            // "-fprofile-generate", "-fprofile-generate=dir", ...: any suffix
};

enum class OptionRole {
    kPlain,            // keyed as written
    kOutput,           // -o
    kDepFile,          // -MF
    kDepTarget,        // -MT, -MQ
    kDepGenerate,      // -MD
    kDepGenerateUser,  // -MMD
    kDepPhony,         // -MP
    kCompileOnly,      // -c
    kAssemblyOnly,     // -S
    kLanguage,         // -x
    kQuoteDir,         // -iquote
    kIncludeDir,       // -I
    kSystemDir,        // -isystem
    kAfterDir,         // -idirafter
    kArch,             // -arch
    kColour,           // the user chose diagnostics colour themselves
    kNativeCpu,        // -march=native and friends: the host CPU enters the key
    kCoverage,         // --coverage, -ftest-coverage: a .gcno beside the object, paths embedded
    kProfileArcs,      // -fprofile-arcs: the .gcda path (from the output path) is embedded
    kSplitDwarf,       // -gsplit-dwarf: a .dwo beside the object, its name embedded
    kSaveTemps,        // -save-temps[=cwd|obj]: .i/.ii/.s/.bc files kept
    kProfileUse,       // -fprofile-use[=path], -fprofile-instr-use=path: the profile enters the key
    kAssembler,        // -Wa,a,b / -Xassembler a: options for as, which may read or write files
    kPreprocessor,     // -Wp,a,b / -Xpreprocessor a: options for cpp, past our search-path model
    kFileAfterEquals,  // -fopt-info-*=FILE: writes FILE when given one, else prints to stderr
    kTraceIncludes,    // -H: every header read, printed on stderr
    kUncacheable,      // `reason` says why
};

struct OptionSpec {
    std::string_view name;
    ArgForm form;
    OptionRole role;
    reasons::Reason reason = reasons::Reason::kNone;  // for kUncacheable: why
};

// The spec for an argument that starts with '-', or nullptr for a plain flag.
// `joined_value` receives the part after the name for joined/equals/prefix forms.
const OptionSpec* find_option(std::string_view arg, std::string_view& joined_value);

// Whether the option's value is the next argument ("-I dir", "-Xclang x") rather than joined.
bool takes_separate_value(const OptionSpec& spec, std::string_view arg, std::string_view joined_value);

}  // namespace zc::compiler
