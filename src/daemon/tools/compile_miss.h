#pragma once
// The C and C++ miss path: compile, decide whether the result may be stored, publish, deliver.

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "daemon/tools/assembler_reads.h"
#include "daemon/tools/result_store.h"
#include "daemon/tools/translation_unit.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// After a successful compile of `unit`: adds its trace's headers to `deps`, then says why the
// result may not be stored (an incomplete trace, an input that is not settled or has time macros,
// a file the assembler read that the dep file does not list), or empty. Both miss paths ask it.
reasons::Reason why_unit_not_storable(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                      const IncludeTrace& trace, const AssemblerReads& assembler,
                                      std::vector<std::string>& deps, int64_t started_ns);

// Runs the compiler, stores the result if it may be stored, and delivers the outputs.
protocol::CompileReply compile_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                         ClientLink& client, reasons::Reason why_missed);

// The miss path for a compile that must write its real output path (see in_place_compile.cpp).
protocol::CompileReply compile_in_place_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                                  ClientLink& client, reasons::Reason why_missed);

}  // namespace zc::daemon
