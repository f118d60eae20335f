#pragma once
// A link through the compiler driver (`g++ a.o b.o -L dir -lfoo -o app`, `-shared` too): what it
// reads and writes, as far as the command line says. The linker's own dependency file later
// names every file it actually read (objects, archives, shared libraries, crt files, scripts).

#include <functional>
#include <string>
#include <vector>

#include "reasons/reason.h"

namespace zc::compiler {

struct LinkInvocation {
    std::vector<std::string> args;                   // without the compiler (argv[1..])
    std::vector<bool> keyed;                         // per arg: false for -o and its value
    std::string output;                              // as written, or a.out
    std::vector<std::string> inputs;                 // files named on the command line, in order
    std::vector<std::string> lib_dirs;               // -L, in search order
    std::vector<std::string> libs;                   // -l names ("m", ":libfoo.a")
    std::vector<std::string> map_files;              // -Map files passed to the linker
    std::vector<std::string> linker_response_files;  // -Wl,@file: the linker reads them
    bool user_trace = false;                         // --trace: the user wants the input list on stdout
    // Programs or options that may write files named after the output that no argument names:
    // -B/--prefix (wrapper programs), -save-temps and -fdump-… with LTO, wasm-ld's and emcc's own.
    bool writes_unnamed_files = false;
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;  // kNone when cacheable

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
};

LinkInvocation parse_link(const std::vector<std::string>& args);

// wasm-ld called directly: its own options (`--export name`, `-z stack-size=N`, `-mllvm x`).
LinkInvocation parse_wasm_ld(const std::vector<std::string>& args);

// The option that makes the linker list its inputs into `path`.
std::string dependency_file_option(const std::string& path);

// wasm-ld cannot write a dependency file, but `--trace` prints each input it loads on stdout:
// a file as named, or `archive(member)`. Returns those files (absolute, archives once) and,
// unless `keep_lines`, removes their lines from `out`; `is_file` says whether a path exists.
std::vector<std::string> take_trace_lines(std::string& out, const std::string& cwd, bool keep_lines,
                                          const std::function<bool(const std::string&)>& is_file);

}  // namespace zc::compiler
