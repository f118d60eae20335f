#include "reasons/reason.h"

#include <array>

namespace zc::reasons {

namespace {

using enum Reason;
constexpr Kind kC = Kind::kCounter;
constexpr Kind kM = Kind::kMiss;
constexpr Kind kU = Kind::kUncacheable;

// In the enum's order (checked below). Descriptions are what `status` prints beside a name.
constexpr std::array<ReasonInfo, kReasonCount> kTable{{
    {kNone, "none", kC, "no reason: cacheable"},

    {kHit, "hit", kC, "served from the cache"},
    {kMiss, "miss", kC, "compiled and stored"},
    {kError, "error", kC, "the compiler failed: replayed, not stored"},
    {kUncacheable, "uncacheable", kC, "the compiler ran as it would without zccache"},
    {kNotStored, "not_stored", kC, "compiled, but an input changed during the compile"},
    {kDroppedEntry, "dropped_entry", kC, "a broken or tampered entry was removed"},
    {kPathSensitiveArg, "path_sensitive_arg", kC, "worktree sharing: an argument embeds this checkout's path"},
    {kWorktreeHit, "worktree_hit", kC, "a hit on an entry another worktree stored"},
    {kWorktreeGitRootUnavailable, "worktree_git_root_unavailable", kC,
     "worktree sharing: no git root and no ZCCACHE_WORKTREE_ROOT"},
    {kWorktreePathOutsideRoot, "worktree_path_outside_root", kC, "worktree sharing: the source is outside the root"},
    {kWorktreeContentHashMismatch, "worktree_content_hash_mismatch", kC,
     "worktree sharing: another worktree's entry, but its inputs' contents differ here"},
    {kWorktreeToolchainMismatch, "worktree_toolchain_mismatch", kC,
     "worktree sharing: another worktree compiled this with another toolchain"},
    {kWorktreeUnsupportedLanguage, "worktree_unsupported_language", kC,
     "worktree sharing: a tool whose paths zccache does not remap"},
    {kFallback, "fallback", kC, "compiled without the daemon"},
    {kEvicted, "evicted", kC, "least recently used, removed for the size limit"},
    {kSweptBlob, "swept_blob", kC, "a blob no entry refers to, removed"},

    {kContextNotFound, "context_not_found", kM, "nothing cached for this compiler, command, environment and source"},
    {kInputFingerprintMismatch, "input_fingerprint_mismatch", kM, "cached compiles exist, but an input changed"},
    {kNoArtifactForKey, "no_artifact_for_key", kM, "the matching entry's output was gone"},
    {kUncacheableInput, "uncacheable_input", kM, "an input makes the result impossible to reuse"},

    {kEmptyCommand, "empty_command", kU, "no command"},
    {kUnknownCompiler, "unknown_compiler", kU, "not a compiler or tool zccache knows"},
    {kCompilerNotFound, "compiler_not_found", kU, "the compiler is not on the build's PATH"},
    {kResponseFile, "response_file", kU, "an @file argument that could not be expanded here"},
    {kResponseFileMissing, "response_file_missing", kU, "an @file that does not exist"},
    {kResponseFileCycle, "response_file_cycle", kU, "@files that include each other"},
    {kResponseFileTooDeep, "response_file_too_deep", kU, "@files nested too deeply"},
    {kStrictPathsViolation, "strict_paths_violation", kU, "ZCCACHE_STRICT_PATHS refused a path argument"},
    {kDependencyOutputEnv, "dependency_output_env", kU, "DEPENDENCIES_OUTPUT or SUNPRO_DEPENDENCIES is set"},
    {kMissingOptionArgument, "missing_option_argument", kU, "an option without its argument"},
    {kMissingOptionValue, "missing_option_value", kU, "an option without its value"},
    {kLinking, "linking", kU, "the command links"},
    {kNoInputFile, "no_input_file", kU, "no source file"},
    {kMultipleSourceFiles, "multiple_source_files", kU, "several source files in one command"},
    {kMultipleArch, "multiple_arch", kU, "several -arch values"},
    {kStdinInput, "stdin_input", kU, "the source is standard input"},
    {kOutputToStdout, "output_to_stdout", kU, "the output is standard output"},
    {kPrecompiledHeader, "precompiled_header", kU, "a precompiled header is made or used"},
    {kUnsupportedLanguage, "unsupported_language", kU, "a language zccache does not cache"},
    {kPreprocessing, "preprocessing", kU, "-E: preprocessed text, not an object"},
    {kDependencyListingOnly, "dependency_listing_only", kU, "-M or -MM: a dependency list, not an object"},
    {kMissingHeadersAsGenerated, "missing_headers_as_generated", kU, "-MG: missing headers taken as generated"},
    {kIncludeBarrier, "include_barrier", kU, "-I-: a search order zccache does not model"},
    {kUnsupportedOption, "unsupported_option", kU, "an option whose inputs zccache cannot see"},
    {kCompilerConfigFile, "compiler_config_file", kU, "--config: a driver config file"},
    {kCompilerPlugin, "compiler_plugin", kU, "-fplugin: code zccache does not key"},
    {kDriverQuery, "driver_query", kU, "the driver prints an answer and compiles nothing"},
    {kModules, "modules", kU, "C++ or clang modules"},
    {kNoOutputFile, "no_output_file", kU, "-fsyntax-only: no output"},
    {kEmscriptenJsTransform, "emscripten_js_transform", kU, "--js-transform runs a program on the output"},
    {kExtraOutputFiles, "extra_output_files", kU, "the compile writes files zccache does not store"},
    {kProfileOrCoverage, "profile_or_coverage", kU, "profile or coverage files zccache cannot key"},
    {kAssemblerOption, "assembler_option", kU, "an assembler option that may read or write files"},
    {kPreprocessorOption, "preprocessor_option", kU, "a preprocessor option past zccache's search model"},
    {kDependencyOptionsThroughWp, "dependency_options_through_wp", kU,
     "a -Wp, dependency option zccache cannot mirror"},
    {kSysrootRelativeInclude, "sysroot_relative_include", kU, "-I=dir: a directory under the sysroot"},

    {kOutputNotARegularFile, "output_not_a_regular_file", kU, "an output path that is not a regular file"},
    {kOutputIsInput, "output_is_input", kU, "the output is the source"},
    {kSourceMissing, "source_missing", kU, "the source file does not exist"},
    {kSearchListUnknown, "search_list_unknown", kU, "the compiler's include search list could not be read"},
    {kCompilerToolsUnknown, "compiler_tools_unknown", kU, "the programs behind the driver could not be found"},
    {kCompilerCheckFailed, "compiler_check_failed", kU, "ZCCACHE_COMPILER_CHECK failed"},
    {kCompilerSpawnFailed, "compiler_spawn_failed", kU, "the tool could not be started"},
    {kToolVersionUnknown, "tool_version_unknown", kU, "the tool's version could not be read"},
    {kTimeMacros, "time_macros", kU, "__DATE__, __TIME__ or __TIMESTAMP__ without SOURCE_DATE_EPOCH"},
    {kAssemblerFileInclusion, "assembler_file_inclusion", kU, ".incbin or .include of a file zccache cannot see"},
    {kAssemblerReadsUnknown, "assembler_reads_unknown", kU, "what the assembler read could not be recorded"},
    {kHasIncludeUnreadable, "has_include_unreadable", kU, "a __has_include probe zccache cannot resolve"},
    {kIncludeTraceUnknown, "include_trace_unknown", kU, "the headers the compile read could not be listed"},
    {kCacheDiskFull, "cache_disk_full", kU, "the cache's disk is full"},
    {kDestinationWriteFailed, "destination_write_failed", kU, "an output could not be written"},
    {kEmscriptenConfigMissing, "emscripten_config_missing", kU, "emscripten's config file was not found"},

    {kNotALink, "not_a_link", kU, "the command does not link"},
    {kCompileAndLink, "compile_and_link", kU, "the command compiles and links"},
    {kUnsupportedLinker, "unsupported_linker", kU, "a linker zccache does not cache"},
    {kLinkerPlugin, "linker_plugin", kU, "a linker plugin or LTO zccache cannot key"},
    {kUserDependencyFile, "user_dependency_file", kU, "the link writes a dependency file"},
    {kLinkInputMissing, "link_input_missing", kU, "an input does not exist"},
    {kLinkInputNotAFile, "link_input_not_a_file", kU, "an input is not a regular file"},
    {kLibrarySearchUnknown, "library_search_unknown", kU, "the linker's library search could not be read"},
    {kArchiveOperation, "archive_operation", kU, "an ar operation other than building an archive"},
    {kArchiveOption, "archive_option", kU, "an ar option zccache does not cache"},
    {kArchiveSeveral, "archive_several", kU, "several operations in one ar command"},
    {kArchiveWithoutMembers, "archive_without_members", kU, "ar with no members"},
    {kArchiveExists, "archive_exists", kU, "ar adds to an archive that exists"},
    {kArchiveMissing, "archive_missing", kU, "ranlib on an archive that does not exist"},
    {kArchiveTimestamps, "archive_timestamps", kU, "ar records timestamps (not deterministic)"},

    {kNotAnAnalysis, "not_an_analysis", kU, "the tool is asked something other than an analysis"},
    {kNoSourceFile, "no_source_file", kU, "no source file to analyse"},
    {kClangTidyFix, "clang_tidy_fix", kU, "clang-tidy --fix edits sources"},
    {kClangTidyProfile, "clang_tidy_profile", kU, "clang-tidy writes a check profile"},
    {kClangTidyPluginOrOverlay, "clang_tidy_plugin_or_overlay", kU, "clang-tidy loads a plugin or overlay"},
    {kAnalysisClangNotFound, "analysis_clang_not_found", kU, "no clang of the tool's LLVM to find headers with"},
    {kCompileDatabaseUnreadable, "compile_database_unreadable", kU, "compile_commands.json could not be read"},
    {kCompileFlagsInferred, "compile_flags_inferred", kU, "clang-tidy infers this file's flags from other entries"},
    {kConfigFileMissing, "config_file_missing", kU, "a config file named on the command line does not exist"},

    {kNotACompile, "not_a_compile", kU, "rustc is asked something other than a compile"},
    {kRustcOutputFile, "rustc_output_file", kU, "rustc -o"},
    {kNoCrateName, "no_crate_name", kU, "no --crate-name"},
    {kNoOutDir, "no_out_dir", kU, "no --out-dir"},
    {kNoDepInfo, "no_dep_info", kU, "no --emit=dep-info"},
    {kUnknownEmit, "unknown_emit", kU, "an --emit kind zccache does not cache"},
    {kIncremental, "incremental", kU, "-C incremental"},
    {kSplitDebuginfo, "split_debuginfo", kU, "-C split-debuginfo=unpacked"},
    {kBin, "bin", kU, "a binary crate"},
    {kDylib, "dylib", kU, "a dylib crate"},
    {kCdylib, "cdylib", kU, "a cdylib crate"},
    {kProcMacro, "proc_macro", kU, "a proc-macro crate"},
    {kUnknownCrateType, "unknown_crate_type", kU, "a crate type rustc does not know"},
    {kExternCrateMissing, "extern_crate_missing", kU, "an --extern crate does not exist"},
    {kNotAFormatRun, "not_a_format_run", kU, "rustfmt is asked something other than formatting"},
    {kVerboseWrite, "verbose_write", kU, "rustfmt -v writing files"},
    {kRustfmtFailed, "rustfmt_failed", kU, "rustfmt failed: it ran itself to report why"},
}};

constexpr bool in_enum_order() {
    for (size_t i = 0; i < kTable.size(); ++i) {
        if (static_cast<size_t>(kTable[i].reason) != i) return false;
    }
    return true;
}
static_assert(in_enum_order(), "kTable lists the reasons in the enum's order");

}  // namespace

const ReasonInfo& info(Reason reason) {
    size_t i = static_cast<size_t>(reason);
    return kTable[i < kTable.size() ? i : 0];
}

std::optional<Reason> from_name(std::string_view name) {
    for (const ReasonInfo& row : kTable) {
        if (row.name == name) return row.reason;
    }
    return std::nullopt;
}

}  // namespace zc::reasons
