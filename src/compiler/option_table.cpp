#include "compiler/option_table.h"

#include <array>

namespace zc::compiler {

namespace {
using enum ArgForm;
using enum OptionRole;

// Longer names before their prefixes where both could match ("-MMD" before "-M").
constexpr std::array kOptions = {
    OptionSpec{"-o", kSeparateOrJoined, kOutput},
    OptionSpec{"-c", kNone, kCompileOnly},
    OptionSpec{"-S", kNone, kAssemblyOnly},
    OptionSpec{"-E", kNone, kUncacheable, "preprocessing"},
    OptionSpec{"-x", kSeparateOrJoined, kLanguage},

    OptionSpec{"-MD", kNone, kDepGenerate},
    OptionSpec{"-MMD", kNone, kDepGenerateUser},
    OptionSpec{"-MF", kSeparateOrJoined, kDepFile},
    OptionSpec{"-MT", kSeparateOrJoined, kDepTarget},
    OptionSpec{"-MQ", kSeparateOrJoined, kDepTarget},
    OptionSpec{"-MP", kNone, kDepPhony},
    OptionSpec{"-MG", kNone, kUncacheable, "missing_headers_as_generated"},
    OptionSpec{"-MJ", kSeparateOrJoined, kUncacheable, "extra_output_files"},
    OptionSpec{"-M", kNone, kUncacheable, "dependency_listing_only"},
    OptionSpec{"-MM", kNone, kUncacheable, "dependency_listing_only"},

    // The drivers' long spellings (gcc's option map, clang's aliases): the same meaning as the
    // short option, so that `--output x.o` is an output and not a second source.
    OptionSpec{"--output", kSeparateOrEquals, kOutput},
    OptionSpec{"--compile", kNone, kCompileOnly},
    OptionSpec{"--assemble", kNone, kAssemblyOnly},
    OptionSpec{"--preprocess", kNone, kUncacheable, "preprocessing"},
    OptionSpec{"--language", kSeparateOrEquals, kLanguage},
    OptionSpec{"--include-directory", kSeparateOrEquals, kIncludeDir},
    OptionSpec{"--include-directory-after", kSeparateOrEquals, kAfterDir},
    OptionSpec{"--include-barrier", kNone, kUncacheable, "include_barrier"},
    OptionSpec{"-I-", kNone, kUncacheable, "include_barrier"},
    OptionSpec{"--write-dependencies", kNone, kDepGenerate},
    OptionSpec{"--write-user-dependencies", kNone, kDepGenerateUser},
    OptionSpec{"--dependencies", kNone, kUncacheable, "dependency_listing_only"},
    OptionSpec{"--user-dependencies", kNone, kUncacheable, "dependency_listing_only"},
    OptionSpec{"--print-missing-file-dependencies", kNone, kUncacheable, "missing_headers_as_generated"},
    OptionSpec{"--define-macro", kSeparateOrEquals, kPlain},
    OptionSpec{"--undefine-macro", kSeparateOrEquals, kPlain},
    OptionSpec{"--imacros", kSeparateOrEquals, kPlain},
    OptionSpec{"--include-prefix", kSeparateOrEquals, kPlain},
    OptionSpec{"--include-with-prefix", kSeparateOrEquals, kPlain},
    OptionSpec{"--include-with-prefix-before", kSeparateOrEquals, kPlain},
    OptionSpec{"--include-with-prefix-after", kSeparateOrEquals, kPlain},
    OptionSpec{"--library-directory", kSeparateOrEquals, kPlain},
    OptionSpec{"--prefix", kSeparateOrEquals, kPlain},
    OptionSpec{"--assert", kSeparateOrEquals, kPlain},
    OptionSpec{"--dumpbase", kSeparateOrEquals, kPlain},
    OptionSpec{"--dumpdir", kSeparateOrEquals, kPlain},
    OptionSpec{"--entry", kSeparateOrEquals, kPlain},
    OptionSpec{"--force-link", kSeparateOrEquals, kPlain},
    OptionSpec{"--for-linker", kSeparateOrEquals, kPlain},
    OptionSpec{"--for-assembler", kSeparateOrEquals, kAssembler},
    OptionSpec{"--machine", kSeparateOrEquals, kPlain},
    OptionSpec{"--std", kSeparateOrEquals, kPlain},
    OptionSpec{"--encoding", kSeparateOrEquals, kPlain},
    OptionSpec{"--extdirs", kSeparateOrEquals, kPlain},
    OptionSpec{"--specs", kSeparateOrEquals, kUncacheable, "unsupported_option"},
    OptionSpec{"--save-temps", kNone, kSaveTemps},
    OptionSpec{"--config", kSeparateOrEquals, kUncacheable, "compiler_config_file"},

    OptionSpec{"-H", kNone, kTraceIncludes},
    OptionSpec{"--trace-includes", kNone, kTraceIncludes},
    OptionSpec{"-Wa,", kPrefix, kAssembler},
    OptionSpec{"-Wp,", kPrefix, kPreprocessor},
    OptionSpec{"-fopt-info", kPrefix, kFileAfterEquals},
    OptionSpec{"-save-stats", kPrefix, kUncacheable, "extra_output_files"},
    OptionSpec{"-fproc-stat-report", kPrefix, kUncacheable, "extra_output_files"},

    // emcc's options with a value: the value is never an input file.
    OptionSpec{"--pre-js", kSeparateOrEquals, kPlain},
    OptionSpec{"--post-js", kSeparateOrEquals, kPlain},
    OptionSpec{"--extern-pre-js", kSeparateOrEquals, kPlain},
    OptionSpec{"--extern-post-js", kSeparateOrEquals, kPlain},
    OptionSpec{"--js-library", kSeparateOrEquals, kPlain},
    OptionSpec{"--shell-file", kSeparateOrEquals, kPlain},
    OptionSpec{"--embed-file", kSeparateOrEquals, kPlain},
    OptionSpec{"--preload-file", kSeparateOrEquals, kPlain},
    OptionSpec{"--exclude-file", kSeparateOrEquals, kPlain},
    OptionSpec{"--closure", kSeparateOrEquals, kPlain},
    OptionSpec{"--source-map-base", kSeparateOrEquals, kPlain},
    OptionSpec{"--memory-init-file", kSeparateOrEquals, kPlain},
    OptionSpec{"--em-config", kSeparateOrEquals, kPlain},
    OptionSpec{"--cache", kSeparateOrEquals, kPlain},
    OptionSpec{"--js-transform", kSeparateOrEquals, kUncacheable, "emscripten_js_transform"},

    OptionSpec{"-I", kSeparateOrJoined, kIncludeDir},
    OptionSpec{"-iquote", kSeparateOrJoined, kQuoteDir},
    OptionSpec{"-isystem", kSeparateOrJoined, kSystemDir},
    OptionSpec{"-idirafter", kSeparateOrJoined, kAfterDir},
    OptionSpec{"-include", kSeparateOrJoined, kPlain},
    OptionSpec{"-imacros", kSeparateOrJoined, kPlain},
    OptionSpec{"-iprefix", kSeparateOrJoined, kPlain},
    OptionSpec{"-iwithprefix", kSeparateOrJoined, kPlain},
    OptionSpec{"-iwithprefixbefore", kSeparateOrJoined, kPlain},
    OptionSpec{"-isysroot", kSeparateOrJoined, kPlain},
    OptionSpec{"-imultilib", kSeparateOrJoined, kPlain},
    OptionSpec{"-include-pch", kSeparateOrJoined, kUncacheable, "precompiled_header"},
    OptionSpec{"--sysroot", kSeparateOrEquals, kPlain},
    OptionSpec{"--include", kSeparateOrEquals, kPlain},
    OptionSpec{"-D", kSeparateOrJoined, kPlain},
    OptionSpec{"-U", kSeparateOrJoined, kPlain},
    OptionSpec{"-L", kSeparateOrJoined, kPlain},
    OptionSpec{"-l", kSeparateOrJoined, kPlain},
    OptionSpec{"-B", kSeparateOrJoined, kPlain},
    OptionSpec{"-A", kSeparateOrJoined, kPlain},
    OptionSpec{"-T", kSeparateOrJoined, kPlain},
    OptionSpec{"-u", kSeparateOrJoined, kPlain},
    OptionSpec{"-z", kSeparateOrJoined, kPlain},
    OptionSpec{"-F", kSeparateOrJoined, kPlain},
    OptionSpec{"-Xpreprocessor", kSeparateOnly, kPreprocessor},
    OptionSpec{"-Xassembler", kSeparateOnly, kAssembler},
    OptionSpec{"-Xlinker", kSeparateOnly, kPlain},
    OptionSpec{"-Xclang", kSeparateOnly, kPlain},
    OptionSpec{"-target", kSeparateOnly, kPlain},
    OptionSpec{"--target", kSeparateOrEquals, kPlain},
    OptionSpec{"-gcc-toolchain", kSeparateOnly, kPlain},
    OptionSpec{"--param", kSeparateOrEquals, kPlain},
    OptionSpec{"-arch", kSeparateOnly, kArch},
    OptionSpec{"-aux-info", kSeparateOnly, kUncacheable, "extra_output_files"},
    OptionSpec{"-dumpbase", kSeparateOnly, kPlain},
    OptionSpec{"-wrapper", kSeparateOnly, kPlain},
    OptionSpec{"-dumpdir", kSeparateOnly, kPlain},
    OptionSpec{"-ivfsoverlay", kSeparateOrJoined, kUncacheable, "unsupported_option"},

    OptionSpec{"-march=native", kNone, kNativeCpu},
    OptionSpec{"-mtune=native", kNone, kNativeCpu},
    OptionSpec{"-mcpu=native", kNone, kNativeCpu},

    OptionSpec{"-fdiagnostics-color", kPrefix, kColour},
    OptionSpec{"-fno-diagnostics-color", kNone, kColour},
    OptionSpec{"-fcolor-diagnostics", kNone, kColour},
    OptionSpec{"-fno-color-diagnostics", kNone, kColour},

    OptionSpec{"--coverage", kNone, kCoverage},
    OptionSpec{"-ftest-coverage", kNone, kCoverage},
    OptionSpec{"-fprofile-arcs", kNone, kProfileArcs},
    OptionSpec{"-fprofile-generate", kPrefix, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fprofile-use", kPrefix, kProfileUse},
    OptionSpec{"-fprofile-instr-generate", kPrefix, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fprofile-instr-use", kPrefix, kProfileUse},
    OptionSpec{"-fprofile-sample-use", kPrefix, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fcs-profile-generate", kPrefix, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fauto-profile", kPrefix, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fbranch-probabilities", kNone, kUncacheable, "profile_or_coverage"},
    OptionSpec{"-fprofile-dir", kPrefix, kUncacheable, "profile_or_coverage"},

    OptionSpec{"-save-temps", kPrefix, kSaveTemps},
    OptionSpec{"-gsplit-dwarf", kPrefix, kSplitDwarf},
    OptionSpec{"-fdump-", kPrefix, kUncacheable, "extra_output_files"},
    OptionSpec{"-fstack-usage", kNone, kUncacheable, "extra_output_files"},
    OptionSpec{"-fcallgraph-info", kPrefix, kUncacheable, "extra_output_files"},
    OptionSpec{"-ftime-trace", kPrefix, kUncacheable, "extra_output_files"},
    OptionSpec{"-fsave-optimization-record", kPrefix, kUncacheable, "extra_output_files"},
    OptionSpec{"-fsyntax-only", kNone, kUncacheable, "no_output_file"},
    OptionSpec{"-fmodules", kPrefix, kUncacheable, "modules"},
    OptionSpec{"-fcxx-modules", kNone, kUncacheable, "modules"},
    OptionSpec{"-fplugin", kPrefix, kUncacheable, "compiler_plugin"},
    OptionSpec{"-specs", kPrefix, kUncacheable, "unsupported_option"},
    OptionSpec{"-fpch-preprocess", kNone, kUncacheable, "precompiled_header"},

    // Driver queries (meson and configure ask them with -c and a source on the line): the
    // driver prints an answer and compiles nothing, so there is nothing to cache.
    OptionSpec{"--version", kNone, kUncacheable, "driver_query"},
    OptionSpec{"--help", kPrefix, kUncacheable, "driver_query"},
    OptionSpec{"--target-help", kNone, kUncacheable, "driver_query"},
    OptionSpec{"-###", kNone, kUncacheable, "driver_query"},
    OptionSpec{"-print-", kPrefix, kUncacheable, "driver_query"},
    OptionSpec{"--print-", kPrefix, kUncacheable, "driver_query"},
    OptionSpec{"-dumpversion", kNone, kUncacheable, "driver_query"},
    OptionSpec{"-dumpfullversion", kNone, kUncacheable, "driver_query"},
    OptionSpec{"-dumpmachine", kNone, kUncacheable, "driver_query"},
    OptionSpec{"-dumpspecs", kNone, kUncacheable, "driver_query"},
};

bool matches(const OptionSpec& spec, std::string_view arg, std::string_view& joined_value) {
    if (!arg.starts_with(spec.name)) return false;
    std::string_view rest = arg.substr(spec.name.size());
    switch (spec.form) {
        case kNone:
        case kSeparateOnly:
            return rest.empty();
        case kSeparateOrJoined:
        case kPrefix:
            joined_value = rest;
            return true;
        case kSeparateOrEquals:
            if (rest.empty()) return true;
            if (rest[0] != '=') return false;
            joined_value = rest.substr(1);
            return true;
    }
    return false;
}
}  // namespace

const OptionSpec* find_option(std::string_view arg, std::string_view& joined_value) {
    // The longest matching name wins ("-MMD" over "-M", "-include-pch" over "-include").
    const OptionSpec* best = nullptr;
    std::string_view best_value;
    for (const OptionSpec& spec : kOptions) {
        std::string_view value;
        if (matches(spec, arg, value) && (!best || spec.name.size() > best->name.size())) {
            best = &spec;
            best_value = value;
        }
    }
    joined_value = best_value;
    return best;
}

bool takes_separate_value(const OptionSpec& spec, std::string_view arg, std::string_view joined_value) {
    if (spec.form == kSeparateOnly) return true;
    return (spec.form == kSeparateOrJoined || spec.form == kSeparateOrEquals) && joined_value.empty() &&
           arg == spec.name;
}

}  // namespace zc::compiler
