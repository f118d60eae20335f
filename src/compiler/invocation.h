#pragma once
// A parsed C/C++ compiler command line: what it compiles, where the outputs go, whether the
// cache can take it, and how to rewrite it for a compile whose outputs the daemon collects.

#include <string>
#include <string_view>
#include <vector>

#include "reasons/reason.h"

namespace zc::compiler {

enum class Family { kGcc, kClang };

enum class DepMode { kNone, kAll /* -MD */, kUser /* -MMD */ };

// What each argument is, so that the key and the rewritten command are derived from one parse.
enum class ArgRole { kKeyed, kOutputFlag, kOutputValue, kDepFileFlag, kDepFileValue };

struct Invocation {
    std::vector<std::string> args;  // without the compiler (argv[1..])
    std::vector<ArgRole> roles;     // one per arg

    std::string source;                  // as written (the last one when there are several)
    std::vector<size_t> source_indices;  // where each input file is in `args`
    bool output_given = false;           // -o
    bool dep_file_given = false;         // -MF
    bool language_given = false;         // -x
    std::string language;                // c, c++, assembler-with-cpp, ...
    bool assembly_only = false;          // -S
    std::string output;                  // as written, or the compiler's default name
    DepMode dep_mode = DepMode::kNone;
    std::string dep_file;  // where the user's dep file goes (as written / derived)
    // The dep file's default target: the output as written, or without -o the source's name
    // with .o (also for -S: gcc and clang name the object the compile would make).
    std::string dep_target;
    bool has_dep_target = false;  // -MT or -MQ
    // The dep file asked for as `-Wp,-MD,file` or `-Wp,-MMD,file` (Kbuild's way): one argument,
    // dropped from the key (dep_mode is keyed instead) and from the miss command (which asks for
    // the same with -MD/-MMD -MF). gcc's preprocessor then names the target after the source, not
    // the output (see apply_family).
    bool dep_through_wp = false;
    bool user_colour = false;
    bool native_cpu = false;
    // -iquote, -I, -isystem and -idirafter directories in search order (as written).
    std::vector<std::string> search_dirs;

    // Compiled with its real output path, not redirected: the compile writes files named after
    // the output (.dwo, .gcno) or embeds paths derived from it (.gcda). The output path is keyed.
    bool compile_in_place = false;
    std::vector<std::string> extra_output_extensions;  // ".dwo", ".gcno": beside the output
    bool save_temps = false;
    bool profile_use = false;
    std::string profile_use_path;  // as written after '='; empty for the compiler's default

    bool time_macro_in_args = false;                              // __DATE__, __TIME__ or __TIMESTAMP__ in an argument
    bool trace_includes = false;                                  // -H: the user asked for the header list on stderr
    reasons::Reason uncacheable_reason = reasons::Reason::kNone;  // kNone when cacheable

    bool cacheable() const { return uncacheable_reason == reasons::Reason::kNone; }
};

Invocation parse_invocation(const std::vector<std::string>& args);

// For `-c a.c b.c ...`: one argument list per source, each the command with the other sources
// left out, so that every part is an ordinary single-source compile with the same outputs as in
// the combined command. Empty when the command cannot be split that way (-o, -MF, -MT/-MQ or -x
// would mean something else for a single source).
std::vector<std::vector<std::string>> split_sources(const Invocation& inv);

// What depends on the compiler's family once it is known: gcc's `-Wp,-MD,file` names its target
// `<source's base name>.o` whatever -o says (clang's driver takes it as -MD -MF file).
void apply_family(Invocation& inv, Family family);

// Puts `flags` before every argument the user gave, as keyed arguments (the daemon's
// -ffile-prefix-map flags: gcc applies the last map that matches, so the user's own come later).
void prepend_keyed_args(Invocation& inv, std::vector<std::string> flags);

// A miss adds -H (compiler/trace_includes.h) to learn every header read and who included it;
// whether this compile's command gets it. The user's own -H is read from a copy of stderr. Where
// -H would change a result — clang's -MMD dep file lists system headers under it; an object that
// records the compiler's switches (gcc with -g) would record it — the compile is traced by
// include_trace_command instead.
bool adds_trace_includes(const Invocation& inv, Family family);
// The preprocessor-only run that traces clang's -MMD compiles: the command without its dep
// options, compile mode and -save-temps, with -E -H, output to /dev/null.
std::vector<std::string> include_trace_command(const Invocation& inv);

// The command for an in-place miss: the user's arguments, plus a dep file in `tmp_dep_file`
// when the user asked for none, and forced colour unless the user chose.
std::vector<std::string> in_place_command(const Invocation& inv, Family family, const std::string& tmp_dep_file);

// The arguments that enter the context key: everything but where outputs are written.
std::vector<std::string_view> key_args(const Invocation& inv);

// The command for a miss: outputs redirected into the daemon's temp files, a full dep file
// requested, diagnostics colour forced unless the user chose.
std::vector<std::string> miss_command(const Invocation& inv, Family family, const std::string& tmp_object,
                                      const std::string& tmp_dep_file);

}  // namespace zc::compiler
