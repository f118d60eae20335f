#include "cli/explain_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/daemon_client.h"
#include "client/daemon_connection.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/paths.h"

namespace zc::cli {

int explain_output(const std::string& output) {
    char cwd[4096];
    std::string path = common::absolute_from(::getcwd(cwd, sizeof cwd) ? cwd : ".", output);
    common::UniqueFd fd(client::connect_to_daemon(common::endpoint_path()));
    if (!fd.valid()) {
        fmt::print(stderr, "zccache: the daemon is not running, so no compile of '{}' is known\n", output);
        return 1;
    }
    auto reply = ask_daemon(fd.get(), protocol::type::kExplain, protocol::ExplainRequest{path});
    if (reply && reply->type == protocol::type::kExplanation) {
        if (auto explanation = protocol::body_as<protocol::Explanation>(*reply)) {
            fmt::print("{}: {}\n", output, explanation->lines.empty() ? "" : explanation->lines[0]);
            for (size_t i = 1; i < explanation->lines.size(); ++i) fmt::print("{}\n", explanation->lines[i]);
            return 0;
        }
    }
    auto error = reply ? protocol::body_as<protocol::ErrorReply>(*reply) : std::nullopt;
    fmt::print(stderr, "zccache: {}\n", error ? error->message : "the daemon did not answer");
    return 1;
}

}  // namespace zc::cli
