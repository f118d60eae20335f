#include "daemon/replies.h"

#include "compiler/colour.h"

namespace zc::daemon {

protocol::CompileReply passthrough(DaemonContext& ctx, reasons::Reason reason) {
    ctx.stats.count_uncacheable(reason);
    protocol::CompileReply reply;
    reply.outcome = protocol::outcome::kUncacheable;
    reply.reason = reasons::name(reason);
    return reply;
}

void replay_output(const Job& job, std::string_view out, std::string_view err, protocol::CompileReply& reply) {
    reply.stdout_data = out;
    reply.stderr_data = job.strip_colour ? compiler::strip_colour(err) : std::string(err);
}

}  // namespace zc::daemon
