#include "analysis/tidy_command.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

#include "reasons/reason.h"

namespace zc::analysis {

using reasons::Reason;

namespace {

// Options that take a value (joined with '=' or as the next argument); all others are flags.
constexpr std::array<std::string_view, 14> kTidyValueOptions = {
    "checks",
    "config",
    "config-file",
    "export-fixes",
    "extra-arg",
    "extra-arg-before",
    "format-style",
    "header-filter",
    "line-filter",
    "p",
    "store-check-profile",
    "vfsoverlay",
    "warnings-as-errors",
    "load",
};

// Runs that do not analyse, or that write files or read inputs we cannot key.
Reason refusal(std::string_view name) {
    if (name == "fix" || name == "fix-errors" || name == "fix-notes") return Reason::kClangTidyFix;
    if (name == "list-checks" || name == "dump-config" || name == "explain-config" || name == "verify-config" ||
        name == "help" || name == "help-hidden" || name == "help-list" || name == "version") {
        return Reason::kNotAnAnalysis;
    }
    if (name == "store-check-profile" || name == "enable-check-profile") return Reason::kClangTidyProfile;
    if (name == "vfsoverlay" || name == "load") return Reason::kClangTidyPluginOrOverlay;
    return {};
}

}  // namespace

AnalysisCommand parse_clang_tidy(const std::vector<std::string>& args) {
    AnalysisCommand cmd;
    cmd.args = args;
    cmd.keyed.assign(args.size(), true);
    size_t sources = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--") {
            cmd.has_compile_args = true;
            cmd.compile_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            cmd.source = arg;
            cmd.keyed[i] = false;
            ++sources;
            continue;
        }
        std::string_view name = arg.substr(arg.starts_with("--") ? 2 : 1);
        size_t eq = name.find('=');
        std::string_view value;
        bool joined = eq != std::string_view::npos;
        if (joined) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (Reason why = refusal(name); why != Reason::kNone && cmd.uncacheable_reason == Reason::kNone) {
            cmd.uncacheable_reason = why;
        }
        bool takes_value =
            std::find(kTidyValueOptions.begin(), kTidyValueOptions.end(), name) != kTidyValueOptions.end();
        size_t option_index = i;
        if (takes_value && !joined) {
            if (i + 1 >= args.size()) {
                cmd.uncacheable_reason = Reason::kMissingOptionValue;
                break;
            }
            value = args[++i];
        }
        if (name == "export-fixes") {
            cmd.fixes_file = value;
            cmd.keyed[option_index] = cmd.keyed[i] = false;
        } else if (name == "config-file") {
            cmd.config_files.emplace_back(value);
        } else if (name == "p") {
            cmd.build_path = value;
        } else if (name == "format-style") {
            cmd.reads_format_style = value == "file" || value.starts_with("file:");
        }
    }
    if (sources == 0 && cmd.uncacheable_reason == Reason::kNone) cmd.uncacheable_reason = Reason::kNoSourceFile;
    if (sources > 1 && cmd.uncacheable_reason == Reason::kNone) cmd.uncacheable_reason = Reason::kMultipleSourceFiles;
    return cmd;
}

std::string tidy_dependency_file_argument(const std::string& path) {
    return "--extra-arg=-Wp,-MD," + path;
}

}  // namespace zc::analysis
