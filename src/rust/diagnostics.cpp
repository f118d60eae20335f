#include "rust/diagnostics.h"

#include <nlohmann/json.hpp>

namespace zc::rust {

namespace {

// rustc's hard errors have codes like E0425; lints have names (unused_variables, clippy::...).
bool is_error_code(std::string_view code) {
    return code.size() == 5 && code[0] == 'E' && code.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

}  // namespace

bool failed_only_on_lints(std::string_view stderr_json) {
    bool any_lint_error = false;
    while (!stderr_json.empty()) {
        size_t end = stderr_json.find('\n');
        std::string_view line = stderr_json.substr(0, end);
        stderr_json.remove_prefix(end == std::string_view::npos ? stderr_json.size() : end + 1);
        if (line.empty()) continue;
        nlohmann::json message = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!message.is_object()) return false;  // not JSON diagnostics: cannot tell
        // Before Rust 1.71 diagnostics carried no $message_type; artifacts have no level either way.
        if (message.value("$message_type", "diagnostic") != "diagnostic" || message.value("level", "") != "error") {
            continue;
        }
        const nlohmann::json& code = message.contains("code") ? message["code"] : nlohmann::json();
        if (code.is_object() && code.contains("code") && code["code"].is_string()) {
            if (is_error_code(code["code"].get<std::string>())) return false;
            any_lint_error = true;
        } else if (!message.value("message", "").starts_with("aborting due to")) {
            return false;  // an error without a lint name
        }
    }
    return any_lint_error;
}

}  // namespace zc::rust
