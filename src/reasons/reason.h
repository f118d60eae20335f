#pragma once
// Every outcome, miss reason and uncacheable reason the cache can report, as one enum with one
// table of names and descriptions (reason.cpp). The names are what `status`, the journal, the
// session log and `explain` print, and what the index stores counters under: they never change.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace zc::reasons {

enum class Kind : uint8_t {
    kCounter,      // an outcome or event `status` counts
    kMiss,         // why a lookup found nothing to serve (the compiler then ran and the result was stored)
    kUncacheable,  // why the cache did not take a compile (the compiler ran as it would without zccache)
};

enum class Reason : uint16_t {
    kNone,  // no reason: the invocation is cacheable

    // Counters.
    kHit,
    kMiss,
    kError,
    kUncacheable,
    kNotStored,
    kDroppedEntry,
    kPathSensitiveArg,
    kWorktreeHit,
    kWorktreeGitRootUnavailable,
    kWorktreePathOutsideRoot,
    kWorktreeContentHashMismatch,
    kWorktreeToolchainMismatch,
    kWorktreeUnsupportedLanguage,
    kFallback,
    kEvicted,
    kSweptBlob,

    // Misses.
    kContextNotFound,
    kInputFingerprintMismatch,
    kNoArtifactForKey,
    kUncacheableInput,

    // The command line.
    kEmptyCommand,
    kUnknownCompiler,
    kCompilerNotFound,
    kResponseFile,
    kResponseFileMissing,
    kResponseFileCycle,
    kResponseFileTooDeep,
    kStrictPathsViolation,
    kDependencyOutputEnv,
    kMissingOptionArgument,
    kMissingOptionValue,
    kLinking,
    kNoInputFile,
    kMultipleSourceFiles,
    kMultipleArch,
    kStdinInput,
    kOutputToStdout,
    kPrecompiledHeader,
    kUnsupportedLanguage,
    kPreprocessing,
    kDependencyListingOnly,
    kMissingHeadersAsGenerated,
    kIncludeBarrier,
    kUnsupportedOption,
    kCompilerConfigFile,
    kCompilerPlugin,
    kDriverQuery,
    kModules,
    kNoOutputFile,
    kEmscriptenJsTransform,
    kExtraOutputFiles,
    kProfileOrCoverage,
    kAssemblerOption,
    kPreprocessorOption,
    kDependencyOptionsThroughWp,
    kSysrootRelativeInclude,

    // What the daemon found out about the compile.
    kOutputNotARegularFile,
    kOutputIsInput,
    kSourceMissing,
    kSearchListUnknown,
    kCompilerToolsUnknown,
    kCompilerCheckFailed,
    kCompilerSpawnFailed,
    kToolVersionUnknown,
    kTimeMacros,
    kAssemblerFileInclusion,
    kAssemblerReadsUnknown,
    kHasIncludeUnreadable,
    kIncludeTraceUnknown,
    kCacheDiskFull,
    kDestinationWriteFailed,
    kEmscriptenConfigMissing,

    // Links and archives.
    kNotALink,
    kCompileAndLink,
    kUnsupportedLinker,
    kLinkerPlugin,
    kUserDependencyFile,
    kLinkInputMissing,
    kLinkInputNotAFile,
    kLibrarySearchUnknown,
    kArchiveOperation,
    kArchiveOption,
    kArchiveSeveral,
    kArchiveWithoutMembers,
    kArchiveExists,
    kArchiveMissing,
    kArchiveTimestamps,

    // Analysis tools.
    kNotAnAnalysis,
    kNoSourceFile,
    kClangTidyFix,
    kClangTidyProfile,
    kClangTidyPluginOrOverlay,
    kAnalysisClangNotFound,
    kCompileDatabaseUnreadable,
    kCompileFlagsInferred,
    kConfigFileMissing,

    // Rust.
    kNotACompile,
    kRustcOutputFile,
    kNoCrateName,
    kNoOutDir,
    kNoDepInfo,
    kUnknownEmit,
    kIncremental,
    kSplitDebuginfo,
    kBin,
    kDylib,
    kCdylib,
    kProcMacro,
    kUnknownCrateType,
    kExternCrateMissing,
    kNotAFormatRun,
    kVerboseWrite,
    kRustfmtFailed,

    kCount  // not a reason: the number of them
};

inline constexpr size_t kReasonCount = static_cast<size_t>(Reason::kCount);

struct ReasonInfo {
    Reason reason;
    std::string_view name;
    Kind kind;
    std::string_view description;
};

const ReasonInfo& info(Reason reason);
inline std::string_view name(Reason reason) {
    return info(reason).name;
}
inline std::string_view description(Reason reason) {
    return info(reason).description;
}
inline Kind kind(Reason reason) {
    return info(reason).kind;
}

// The reason with this name, for names read back from the index, the journal or a reply.
std::optional<Reason> from_name(std::string_view name);

}  // namespace zc::reasons
