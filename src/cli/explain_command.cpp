#include "cli/explain_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/daemon_client.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/paths.h"
#include "compiler/invocation.h"
#include "ipc/connect.h"

namespace zc::cli {

int explain_output(const std::string& output) {
    std::string path = common::absolute_from_here(output);
    common::UniqueFd fd(ipc::connect_to_daemon(common::endpoint_path()));
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

int explain_journal_line(const std::string& json_line) {
    std::vector<std::string> args;
    std::string cwd;
    try {
        nlohmann::json line = nlohmann::json::parse(json_line);
        args = line.at("args").get<std::vector<std::string>>();
        cwd = line.at("cwd").get<std::string>();
    } catch (const std::exception&) {
        fmt::print(stderr, "zccache: not a journal line (it needs \"args\" and \"cwd\")\n");
        return 2;
    }
    std::string output = compiler::parse_invocation(args).output;
    if (output.empty()) {
        fmt::print(stderr, "zccache: that compile names no output file\n");
        return 1;
    }
    return explain_output(common::absolute_from(cwd, output));
}

}  // namespace zc::cli
