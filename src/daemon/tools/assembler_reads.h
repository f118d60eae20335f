#pragma once
// What the assembler read on a miss, so that no result assembled from an `.incbin` or `.include`
// (files the dep file never lists) is stored. gcc: GNU as says it itself (`--MD`,
// compiler/assembler_reads.h). clang, whose integrated assembler cannot: the compiler runs with
// the open recorder preloaded (src/recorder/), and any regular file it opened after the source
// that the dep file does not list keeps the result out. Where neither works (another assembler,
// a static clang, no recorder installed) the inputs' text is scanned for the directives instead
// (meta/assembler_includes.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "daemon/tools/result_store.h"
#include "daemon/tools/translation_unit.h"
#include "reasons/reason.h"

namespace zc::daemon {

class AssemblerReads {
  public:
    // Decides how this miss learns what its assembler read.
    AssemblerReads(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit, ClientLink& client);

    bool recorded() const { return how_ != How::kTextScan; }
    // The compiler's extra arguments, and its environment when it differs from the request's.
    void add_arguments(std::vector<std::string>& argv) const;
    const std::vector<std::string>* environment() const { return how_ == How::kOpenLog ? &env_ : nullptr; }
    // After a successful run with dependencies `deps` (absolute): why the result must not be
    // stored, or empty.
    reasons::Reason why_not_storable(const Job& compile, const TranslationUnit& unit,
                                     const std::vector<std::string>& deps) const;

  private:
    enum class How { kTextScan, kGnuAsDeps, kOpenLog };
    How how_ = How::kTextScan;
    std::optional<TempFile> record_;
    std::vector<std::string> env_;
};

// The open recorder beside the daemon (or in ../lib/zccache/), "" when it is not installed or its
// path cannot go into LD_PRELOAD (a space or a colon in it).
const std::string& open_recorder_path();

// The reason files a compile of `source` opened (the recorder's `log`) say it read an input its
// dependencies `deps` do not list, or empty (compiler/assembler_reads.h has gcc's counterpart).
reasons::Reason unlisted_reads(const std::string& log, const std::string& source, const std::vector<std::string>& deps);

}  // namespace zc::daemon
