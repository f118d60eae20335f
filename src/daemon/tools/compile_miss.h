#pragma once
// The C and C++ miss path: compile, decide whether the result may be stored, publish, deliver.

#include "daemon/client_link.h"
#include "daemon/context.h"
#include "daemon/job.h"
#include "daemon/tools/translation_unit.h"
#include "protocol/messages.h"
#include "reasons/reason.h"

namespace zc::daemon {

// Runs the compiler, stores the result if it may be stored, and delivers the outputs.
protocol::CompileReply compile_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                         ClientLink& client, reasons::Reason why_missed);

// The miss path for a compile that must write its real output path (see in_place_compile.cpp).
protocol::CompileReply compile_in_place_and_store(DaemonContext& ctx, const Job& compile, const TranslationUnit& unit,
                                                  ClientLink& client, reasons::Reason why_missed);

}  // namespace zc::daemon
