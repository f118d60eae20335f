#pragma once
// session-start, session-stats, session-end.

#include <string>

namespace zc::cli {

int session_start(bool export_form, const std::string& log, const std::string& journal);
// `end`: final summary, and the session is closed.
int session_summary(const std::string& id, bool end, bool json);

}  // namespace zc::cli
