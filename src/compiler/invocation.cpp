#include "compiler/invocation.h"

#include <array>

#include "common/paths.h"
#include "compiler/option_table.h"
#include "reasons/reason.h"

namespace zc::compiler {

using reasons::Reason;

namespace {

struct LanguageByExtension {
    std::string_view extension;
    std::string_view language;
};

constexpr std::array kLanguages = {
    LanguageByExtension{".c", "c"},
    LanguageByExtension{".cc", "c++"},
    LanguageByExtension{".cp", "c++"},
    LanguageByExtension{".cpp", "c++"},
    LanguageByExtension{".CPP", "c++"},
    LanguageByExtension{".cxx", "c++"},
    LanguageByExtension{".c++", "c++"},
    LanguageByExtension{".C", "c++"},
    LanguageByExtension{".i", "cpp-output"},
    LanguageByExtension{".ii", "c++-cpp-output"},
    LanguageByExtension{".S", "assembler-with-cpp"},
    LanguageByExtension{".sx", "assembler-with-cpp"},
    LanguageByExtension{".s", "assembler"},
    LanguageByExtension{".h", "c-header"},
    LanguageByExtension{".hh", "c++-header"},
    LanguageByExtension{".hpp", "c++-header"},
    LanguageByExtension{".hxx", "c++-header"},
    LanguageByExtension{".H", "c++-header"},
};

// Languages that run the preprocessor, so that the dep file lists every input.
constexpr std::array<std::string_view, 3> kCacheableLanguages = {"c", "c++", "assembler-with-cpp"};

std::string_view language_of(std::string_view path) {
    std::string_view ext = common::extension(path);
    for (const auto& entry : kLanguages) {
        if (entry.extension == ext) return entry.language;
    }
    return {};
}

bool is_cacheable_language(std::string_view language) {
    for (std::string_view l : kCacheableLanguages) {
        if (l == language) return true;
    }
    return false;
}

// Why a command line whose options all parsed is still not ours to cache, or kNone.
Reason check_shape(const Invocation& inv, bool compile_only, int source_count, int arch_count) {
    if (!compile_only && !inv.assembly_only) return Reason::kLinking;
    if (source_count == 0) return Reason::kNoInputFile;
    if (source_count > 1) return Reason::kMultipleSourceFiles;
    if (arch_count > 1) return Reason::kMultipleArch;
    if (inv.source == "-") return Reason::kStdinInput;
    if (inv.output == "-") return Reason::kOutputToStdout;
    if (inv.language.ends_with("-header")) return Reason::kPrecompiledHeader;
    if (!is_cacheable_language(inv.language)) return Reason::kUnsupportedLanguage;
    return {};
}

// Assembler options that read and write no file of their own. Anything else (-a listings, -I
// for .include, --MD, -o, --defsym from a file, ...) makes the compile the compiler's alone.
constexpr std::array<std::string_view, 24> kHarmlessAssemblerOptions = {
    "--noexecstack",
    "--execstack",
    "--gdwarf",
    "-g",
    "--gen-debug",
    "--32",
    "--64",
    "--x32",
    "-mrelax-relocations=",
    "-mx86-used-note=",
    "--compress-debug-sections",
    "--nocompress-debug-sections",
    "-mbig-obj",
    "--fatal-warnings",
    "-W",
    "--no-warn",
    "--warn",
    "-mno-shared",
    "-mshared",
    "-march=",
    "-mcpu=",
    "-mfpu=",
    "-mabi=",
    "-mimplicit-it=",
};

bool harmless_assembler_option(std::string_view option) {
    for (std::string_view known : kHarmlessAssemblerOptions) {
        bool prefix = known.ends_with('=') || known == "--gdwarf" || known == "--compress-debug-sections";
        if (prefix ? option.starts_with(known) : option == known) return true;
    }
    return false;
}

// Calls `check` on each comma-separated part of a -Wa,/-Wp, value; false if any fails.
template <typename Check>
bool every_part(std::string_view list, Check check) {
    while (true) {
        size_t comma = list.find(',');
        if (!check(list.substr(0, comma))) return false;
        if (comma == std::string_view::npos) return true;
        list.remove_prefix(comma + 1);
    }
}

// Search order: -iquote, then -I, then -isystem, then -idirafter.
size_t search_rank(OptionRole role) {
    switch (role) {
        case OptionRole::kQuoteDir:
            return 0;
        case OptionRole::kIncludeDir:
            return 1;
        case OptionRole::kSystemDir:
            return 2;
        default:
            return 3;
    }
}

// Whether an argument expands to the time of the compile (`-DSTAMP=__TIME__`).
bool mentions_time_macro(std::string_view arg) {
    return arg.find("__DATE__") != std::string_view::npos || arg.find("__TIME__") != std::string_view::npos ||
           arg.find("__TIMESTAMP__") != std::string_view::npos;
}

void add_extension(std::vector<std::string>& list, std::string_view ext) {
    for (const std::string& e : list) {
        if (e == ext) return;
    }
    list.emplace_back(ext);
}

}  // namespace

Invocation parse_invocation(const std::vector<std::string>& args) {
    Invocation inv;
    inv.args = args;
    inv.roles.assign(args.size(), ArgRole::kKeyed);
    bool compile_only = false;
    bool driver_dep_option = false;  // -MD, -MMD, -MF given to the driver
    int source_count = 0;
    int arch_count = 0;
    std::string_view forced_language;
    std::array<std::vector<std::string>, 4> dirs_by_kind;  // by search_rank
    for (const std::string& arg : args) inv.time_macro_in_args = inv.time_macro_in_args || mentions_time_macro(arg);

    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg.starts_with("@")) {
            inv.uncacheable_reason = Reason::kResponseFile;
            continue;
        }
        if (arg == "-" || !arg.starts_with("-")) {
            ++source_count;
            inv.source_indices.push_back(i);
            inv.source = arg;
            inv.language = forced_language.empty() ? std::string(language_of(arg)) : std::string(forced_language);
            continue;
        }
        if (arg.starts_with("-Wp,-MD,") || arg.starts_with("-Wp,-MMD,")) {
            std::string_view file = arg.substr(arg.find(',', 4) + 1);
            if (file.empty() || file.find(',') != std::string_view::npos) {
                inv.uncacheable_reason = Reason::kDependencyOptionsThroughWp;
                continue;
            }
            inv.dep_through_wp = true;
            if (arg.starts_with("-Wp,-MMD,")) {
                if (inv.dep_mode == DepMode::kNone) inv.dep_mode = DepMode::kUser;
            } else {
                inv.dep_mode = DepMode::kAll;
            }
            inv.dep_file_given = true;
            inv.dep_file = file;
            inv.roles[i] = ArgRole::kDepFileValue;
            continue;
        }
        if (arg.starts_with("-Wp,") && arg.find(",-M") != std::string_view::npos) {
            inv.uncacheable_reason = Reason::kDependencyOptionsThroughWp;
            continue;
        }
        std::string_view joined;
        const OptionSpec* spec = find_option(arg, joined);
        if (!spec) continue;

        // The option's value: joined to it, or the next argument.
        std::string_view value = joined;
        bool separate = false;
        if (takes_separate_value(*spec, arg, joined)) {
            if (i + 1 >= args.size()) {
                inv.uncacheable_reason = Reason::kMissingOptionArgument;
                continue;
            }
            separate = true;
            value = args[++i];
        }

        switch (spec->role) {
            case OptionRole::kPlain:
                break;
            case OptionRole::kOutput:
                inv.output_given = true;
                inv.output = value;
                inv.roles[separate ? i - 1 : i] = separate ? ArgRole::kOutputFlag : ArgRole::kOutputValue;
                if (separate) inv.roles[i] = ArgRole::kOutputValue;
                break;
            case OptionRole::kDepFile:
                driver_dep_option = true;
                inv.dep_file_given = true;
                inv.dep_file = value;
                inv.roles[separate ? i - 1 : i] = separate ? ArgRole::kDepFileFlag : ArgRole::kDepFileValue;
                if (separate) inv.roles[i] = ArgRole::kDepFileValue;
                break;
            case OptionRole::kDepTarget:
                inv.has_dep_target = true;
                break;
            case OptionRole::kDepGenerate:
                driver_dep_option = true;
                inv.dep_mode = DepMode::kAll;
                break;
            case OptionRole::kDepGenerateUser:
                driver_dep_option = true;
                if (inv.dep_mode == DepMode::kNone) inv.dep_mode = DepMode::kUser;
                break;
            case OptionRole::kDepPhony:
                break;
            case OptionRole::kCompileOnly:
                compile_only = true;
                break;
            case OptionRole::kAssemblyOnly:
                inv.assembly_only = true;
                break;
            case OptionRole::kLanguage:
                inv.language_given = true;
                forced_language = value == "none" ? std::string_view() : value;
                break;
            case OptionRole::kQuoteDir:
            case OptionRole::kIncludeDir:
            case OptionRole::kSystemDir:
            case OptionRole::kAfterDir:
                // `-I=dir` is under the sysroot: a directory whose identity we do not track.
                if (value.starts_with("=")) inv.uncacheable_reason = Reason::kSysrootRelativeInclude;
                dirs_by_kind[search_rank(spec->role)].emplace_back(value);
                break;
            case OptionRole::kAssembler:
                if (!every_part(value, harmless_assembler_option)) inv.uncacheable_reason = Reason::kAssemblerOption;
                break;
            case OptionRole::kPreprocessor:
                // Macro definitions are keyed as written; search paths and the rest are not ours.
                if (!every_part(value, [](std::string_view o) { return o.starts_with("-D") || o.starts_with("-U"); })) {
                    inv.uncacheable_reason = Reason::kPreprocessorOption;
                }
                break;
            case OptionRole::kTraceIncludes:
                inv.trace_includes = true;
                break;
            case OptionRole::kFileAfterEquals:
                if (value.find('=') != std::string_view::npos) inv.uncacheable_reason = Reason::kExtraOutputFiles;
                break;
            case OptionRole::kArch:
                ++arch_count;
                break;
            case OptionRole::kColour:
                // The last choice wins; `auto` is the compiler's default: colour for a terminal,
                // which the cache gives by compiling coloured and stripping for a pipe.
                inv.user_colour = arg != "-fdiagnostics-color=auto";
                break;
            case OptionRole::kNativeCpu:
                inv.native_cpu = true;
                break;
            case OptionRole::kCoverage:
                inv.compile_in_place = true;
                add_extension(inv.extra_output_extensions, ".gcno");
                break;
            case OptionRole::kProfileArcs:
                inv.compile_in_place = true;
                break;
            case OptionRole::kSplitDwarf:
                inv.compile_in_place = true;
                if (value != "=single") add_extension(inv.extra_output_extensions, ".dwo");
                break;
            case OptionRole::kSaveTemps:
                inv.compile_in_place = true;
                inv.save_temps = true;
                break;
            case OptionRole::kProfileUse:
                // gcc finds the profile by the output's name, so the output cannot be redirected.
                inv.compile_in_place = true;
                inv.profile_use = true;
                inv.profile_use_path = value.starts_with("=") ? value.substr(1) : value;
                break;
            case OptionRole::kUncacheable:
                inv.uncacheable_reason = spec->reason;
                break;
        }
    }

    // Two dep files asked for, through -Wp, and of the driver: not a shape we reproduce.
    if (inv.dep_through_wp && driver_dep_option) inv.uncacheable_reason = Reason::kDependencyOptionsThroughWp;
    for (auto& dirs : dirs_by_kind) inv.search_dirs.insert(inv.search_dirs.end(), dirs.begin(), dirs.end());
    if (!inv.output_given && !inv.source.empty()) {
        inv.output = common::replace_extension(common::base_name(inv.source), inv.assembly_only ? ".s" : ".o");
    }
    inv.dep_target = inv.output_given ? inv.output : common::replace_extension(common::base_name(inv.source), ".o");
    if (inv.dep_mode != DepMode::kNone && !inv.dep_file_given) {
        inv.dep_file = inv.output_given ? common::replace_extension(inv.output, ".d")
                                        : common::replace_extension(common::base_name(inv.source), ".d");
    }
    if (inv.uncacheable_reason == Reason::kNone) {
        inv.uncacheable_reason = check_shape(inv, compile_only, source_count, arch_count);
    }
    return inv;
}

std::vector<std::vector<std::string>> split_sources(const Invocation& inv) {
    if (inv.source_indices.size() < 2 || inv.output_given || inv.dep_file_given || inv.has_dep_target ||
        inv.language_given) {
        return {};
    }
    std::vector<std::vector<std::string>> parts;
    for (size_t keep : inv.source_indices) {
        std::vector<std::string> part;
        part.reserve(inv.args.size());
        size_t next_source = 0;
        for (size_t i = 0; i < inv.args.size(); ++i) {
            bool is_source = next_source < inv.source_indices.size() && inv.source_indices[next_source] == i;
            if (is_source) ++next_source;
            if (!is_source || i == keep) part.push_back(inv.args[i]);
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

void prepend_keyed_args(Invocation& inv, std::vector<std::string> flags) {
    inv.args.insert(inv.args.begin(), std::make_move_iterator(flags.begin()), std::make_move_iterator(flags.end()));
    inv.roles.insert(inv.roles.begin(), flags.size(), ArgRole::kKeyed);
    for (size_t& index : inv.source_indices) index += flags.size();
}

void apply_family(Invocation& inv, Family family) {
    if (inv.dep_through_wp && family == Family::kGcc && !inv.source.empty()) {
        inv.dep_target = common::replace_extension(common::base_name(inv.source), ".o");
    }
}

namespace {
// Whether the object records the compiler's switches — gcc's DW_AT_producer under -g (unless
// told not to, which we do not try to follow), -frecord-gcc-switches, -grecord-command-line —
// where an added -H would show.
bool records_switches(const Invocation& inv, Family family) {
    for (size_t i = 0; i < inv.args.size(); ++i) {
        if (inv.roles[i] != ArgRole::kKeyed) continue;
        std::string_view arg = inv.args[i];
        if (arg == "-frecord-gcc-switches" || arg == "-frecord-command-line" || arg == "-grecord-gcc-switches" ||
            arg == "-grecord-command-line") {
            return true;
        }
        if (family == Family::kGcc && arg.starts_with("-g") && arg != "-g0") return true;
    }
    return false;
}
}  // namespace

bool adds_trace_includes(const Invocation& inv, Family family) {
    return !inv.trace_includes && !(family == Family::kClang && inv.dep_mode == DepMode::kUser) &&
           !records_switches(inv, family);
}

std::vector<std::string> include_trace_command(const Invocation& inv) {
    std::vector<std::string> out;
    for (size_t i = 0; i < inv.args.size(); ++i) {
        if (inv.roles[i] != ArgRole::kKeyed) continue;
        const std::string& arg = inv.args[i];
        std::string_view joined;
        const OptionSpec* spec = find_option(arg, joined);
        bool separate = spec && takes_separate_value(*spec, arg, joined) && i + 1 < inv.args.size();
        // Dep options, the compile's mode, and -save-temps (whose files a preprocessor run would write).
        bool left_out = spec && (spec->role == OptionRole::kDepGenerate || spec->role == OptionRole::kDepGenerateUser ||
                                 spec->role == OptionRole::kDepPhony || spec->role == OptionRole::kDepTarget ||
                                 spec->role == OptionRole::kCompileOnly || spec->role == OptionRole::kAssemblyOnly ||
                                 spec->role == OptionRole::kSaveTemps);
        if (!left_out) {
            out.push_back(arg);
            if (separate) out.push_back(inv.args[i + 1]);
        }
        if (separate) ++i;
    }
    out.insert(out.end(), {"-E", "-H", "-o", "/dev/null"});
    return out;
}

std::vector<std::string> in_place_command(const Invocation& inv, Family family, const std::string& tmp_dep_file) {
    std::vector<std::string> out = inv.args;
    if (inv.dep_mode == DepMode::kNone) out.insert(out.end(), {"-MD", "-MF", tmp_dep_file});
    if (adds_trace_includes(inv, family)) out.push_back("-H");
    if (!inv.user_colour)
        out.push_back(family == Family::kClang ? "-fcolor-diagnostics" : "-fdiagnostics-color=always");
    return out;
}

std::vector<std::string_view> key_args(const Invocation& inv) {
    std::vector<std::string_view> out;
    out.reserve(inv.args.size());
    for (size_t i = 0; i < inv.args.size(); ++i) {
        if (inv.roles[i] == ArgRole::kKeyed) out.emplace_back(inv.args[i]);
    }
    return out;
}

std::vector<std::string> miss_command(const Invocation& inv, Family family, const std::string& tmp_object,
                                      const std::string& tmp_dep_file) {
    std::vector<std::string> out;
    out.reserve(inv.args.size() + 8);
    for (size_t i = 0; i < inv.args.size(); ++i) {
        switch (inv.roles[i]) {
            case ArgRole::kKeyed:
                out.push_back(inv.args[i]);
                break;
            case ArgRole::kOutputFlag:
            case ArgRole::kDepFileFlag:
            case ArgRole::kOutputValue:
            case ArgRole::kDepFileValue:
                break;
        }
    }
    out.insert(out.end(), {"-o", tmp_object});
    if (adds_trace_includes(inv, family)) out.push_back("-H");
    if (inv.dep_mode == DepMode::kNone || (inv.dep_through_wp && inv.dep_mode == DepMode::kAll)) out.push_back("-MD");
    if (inv.dep_through_wp && inv.dep_mode == DepMode::kUser) out.push_back("-MMD");
    out.insert(out.end(), {"-MF", tmp_dep_file});
    // The default dep target is the output path, which we just redirected.
    if (inv.dep_mode != DepMode::kNone && !inv.has_dep_target) out.insert(out.end(), {"-MQ", inv.dep_target});
    if (!inv.user_colour)
        out.push_back(family == Family::kClang ? "-fcolor-diagnostics" : "-fdiagnostics-color=always");
    return out;
}

}  // namespace zc::compiler
