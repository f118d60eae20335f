#pragma once
// `zccache explain <output>`.

#include <string>

namespace zc::cli {

int explain_output(const std::string& output);

}  // namespace zc::cli
