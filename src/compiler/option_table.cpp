#include "compiler/option_table.h"

#include <array>
#include <vector>

#include "reasons/reason.h"

namespace zc::compiler {

using reasons::Reason;

namespace {
using enum ArgForm;
using enum OptionRole;

// Longer names before their prefixes where both could match ("-MMD" before "-M").
constexpr std::array kOptions = {
    OptionSpec{"-o", kSeparateOrJoined, kOutput},
    OptionSpec{"-c", kNone, kCompileOnly},
    OptionSpec{"-S", kNone, kAssemblyOnly},
    OptionSpec{"-E", kNone, kUncacheable, Reason::kPreprocessing},
    OptionSpec{"-x", kSeparateOrJoined, kLanguage},

    OptionSpec{"-MD", kNone, kDepGenerate},
    OptionSpec{"-MMD", kNone, kDepGenerateUser},
    OptionSpec{"-MF", kSeparateOrJoined, kDepFile},
    OptionSpec{"-MT", kSeparateOrJoined, kDepTarget},
    OptionSpec{"-MQ", kSeparateOrJoined, kDepTarget},
    OptionSpec{"-MP", kNone, kDepPhony},
    OptionSpec{"-MG", kNone, kUncacheable, Reason::kMissingHeadersAsGenerated},
    OptionSpec{"-MJ", kSeparateOrJoined, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-M", kNone, kUncacheable, Reason::kDependencyListingOnly},
    OptionSpec{"-MM", kNone, kUncacheable, Reason::kDependencyListingOnly},

    // The drivers' long spellings (gcc's option map, clang's aliases): the same meaning as the
    // short option, so that `--output x.o` is an output and not a second source.
    OptionSpec{"--output", kSeparateOrEquals, kOutput},
    OptionSpec{"--compile", kNone, kCompileOnly},
    OptionSpec{"--assemble", kNone, kAssemblyOnly},
    OptionSpec{"--preprocess", kNone, kUncacheable, Reason::kPreprocessing},
    OptionSpec{"--language", kSeparateOrEquals, kLanguage},
    OptionSpec{"--include-directory", kSeparateOrEquals, kIncludeDir},
    OptionSpec{"--include-directory-after", kSeparateOrEquals, kAfterDir},
    OptionSpec{"--include-barrier", kNone, kUncacheable, Reason::kIncludeBarrier},
    OptionSpec{"-I-", kNone, kUncacheable, Reason::kIncludeBarrier},
    OptionSpec{"--write-dependencies", kNone, kDepGenerate},
    OptionSpec{"--write-user-dependencies", kNone, kDepGenerateUser},
    OptionSpec{"--dependencies", kNone, kUncacheable, Reason::kDependencyListingOnly},
    OptionSpec{"--user-dependencies", kNone, kUncacheable, Reason::kDependencyListingOnly},
    OptionSpec{"--print-missing-file-dependencies", kNone, kUncacheable, Reason::kMissingHeadersAsGenerated},
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
    OptionSpec{"--specs", kSeparateOrEquals, kUncacheable, Reason::kUnsupportedOption},
    OptionSpec{"--save-temps", kNone, kSaveTemps},
    OptionSpec{"--config", kSeparateOrEquals, kUncacheable, Reason::kCompilerConfigFile},

    OptionSpec{"-H", kNone, kTraceIncludes},
    OptionSpec{"--trace-includes", kNone, kTraceIncludes},
    OptionSpec{"-Wa,", kPrefix, kAssembler},
    OptionSpec{"-Wp,", kPrefix, kPreprocessor},
    OptionSpec{"-fopt-info", kPrefix, kFileAfterEquals},
    OptionSpec{"-save-stats", kPrefix, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-fproc-stat-report", kPrefix, kUncacheable, Reason::kExtraOutputFiles},

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
    OptionSpec{"--js-transform", kSeparateOrEquals, kUncacheable, Reason::kEmscriptenJsTransform},

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
    OptionSpec{"-include-pch", kSeparateOrJoined, kUncacheable, Reason::kPrecompiledHeader},
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
    OptionSpec{"-aux-info", kSeparateOnly, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-dumpbase", kSeparateOnly, kPlain},
    OptionSpec{"-wrapper", kSeparateOnly, kPlain},
    OptionSpec{"-dumpdir", kSeparateOnly, kPlain},
    OptionSpec{"-ivfsoverlay", kSeparateOrJoined, kUncacheable, Reason::kUnsupportedOption},

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
    OptionSpec{"-fprofile-generate", kPrefix, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fprofile-use", kPrefix, kProfileUse},
    OptionSpec{"-fprofile-instr-generate", kPrefix, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fprofile-instr-use", kPrefix, kProfileUse},
    OptionSpec{"-fprofile-sample-use", kPrefix, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fcs-profile-generate", kPrefix, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fauto-profile", kPrefix, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fbranch-probabilities", kNone, kUncacheable, Reason::kProfileOrCoverage},
    OptionSpec{"-fprofile-dir", kPrefix, kUncacheable, Reason::kProfileOrCoverage},

    OptionSpec{"-save-temps", kPrefix, kSaveTemps},
    OptionSpec{"-gsplit-dwarf", kPrefix, kSplitDwarf},
    OptionSpec{"-fdump-", kPrefix, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-fstack-usage", kNone, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-fcallgraph-info", kPrefix, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-ftime-trace", kPrefix, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-fsave-optimization-record", kPrefix, kUncacheable, Reason::kExtraOutputFiles},
    OptionSpec{"-fsyntax-only", kNone, kUncacheable, Reason::kNoOutputFile},
    OptionSpec{"-fmodules", kPrefix, kUncacheable, Reason::kModules},
    OptionSpec{"-fcxx-modules", kNone, kUncacheable, Reason::kModules},
    OptionSpec{"-fplugin", kPrefix, kUncacheable, Reason::kCompilerPlugin},
    OptionSpec{"-specs", kPrefix, kUncacheable, Reason::kUnsupportedOption},
    OptionSpec{"-fpch-preprocess", kNone, kUncacheable, Reason::kPrecompiledHeader},

    // Driver queries (meson and configure ask them with -c and a source on the line): the
    // driver prints an answer and compiles nothing, so there is nothing to cache.
    OptionSpec{"--version", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"--help", kPrefix, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"--target-help", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-###", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-print-", kPrefix, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"--print-", kPrefix, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-dumpversion", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-dumpfullversion", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-dumpmachine", kNone, kUncacheable, Reason::kDriverQuery},
    OptionSpec{"-dumpspecs", kNone, kUncacheable, Reason::kDriverQuery},
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

namespace {

// The table by each name's second character: an argument can only match names that share it,
// so a lookup scans a handful of specs, not all of them (this runs for every argument of every
// compile, hits included). Names shorter than that are in every bucket.
using OptionBuckets = std::array<std::vector<const OptionSpec*>, 256>;

OptionBuckets make_buckets() {
    OptionBuckets buckets;
    for (const OptionSpec& spec : kOptions) {
        if (spec.name.size() >= 2) {
            buckets[static_cast<unsigned char>(spec.name[1])].push_back(&spec);
        } else {
            for (std::vector<const OptionSpec*>& bucket : buckets) bucket.push_back(&spec);
        }
    }
    return buckets;
}

}  // namespace

const OptionSpec* find_option(std::string_view arg, std::string_view& joined_value) {
    static const OptionBuckets buckets = make_buckets();
    // The longest matching name wins ("-MMD" over "-M", "-include-pch" over "-include").
    const OptionSpec* best = nullptr;
    std::string_view best_value;
    // A one-character argument can only match a one-character name, which every bucket holds.
    for (const OptionSpec* spec : buckets[arg.size() >= 2 ? static_cast<unsigned char>(arg[1]) : 0]) {
        std::string_view value;
        if (matches(*spec, arg, value) && (!best || spec->name.size() > best->name.size())) {
            best = spec;
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
