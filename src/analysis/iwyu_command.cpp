#include "analysis/iwyu_command.h"

#include "compiler/invocation.h"
#include "reasons/reason.h"

namespace zc::analysis {

using reasons::Reason;

AnalysisCommand parse_iwyu(const std::vector<std::string>& args) {
    AnalysisCommand cmd;
    cmd.args = args;
    cmd.keyed.assign(args.size(), true);
    cmd.has_compile_args = true;
    std::vector<std::string> iwyu_options;
    std::vector<size_t> compile_arg_index;  // where each compile flag is in `args`
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-Xiwyu") {
            if (i + 1 >= args.size()) {
                cmd.uncacheable_reason = Reason::kMissingOptionValue;
                return cmd;
            }
            iwyu_options.push_back(args[++i]);
            continue;
        }
        cmd.compile_args.push_back(args[i]);
        compile_arg_index.push_back(i);
    }
    for (size_t i = 0; i < iwyu_options.size(); ++i) {
        std::string_view opt = iwyu_options[i];
        if (opt == "--help" || opt == "--version") cmd.uncacheable_reason = Reason::kNotAnAnalysis;
        if (opt.starts_with("--mapping_file=")) {
            cmd.config_files.emplace_back(opt.substr(15));
        } else if (opt == "--mapping_file" && i + 1 < iwyu_options.size()) {
            cmd.config_files.push_back(iwyu_options[++i]);
        }
    }
    compiler::Invocation inv = compiler::parse_invocation(cmd.compile_args);
    if (inv.source_indices.empty()) {
        if (cmd.uncacheable_reason == Reason::kNone) cmd.uncacheable_reason = Reason::kNoSourceFile;
    } else if (inv.source_indices.size() > 1) {
        if (cmd.uncacheable_reason == Reason::kNone) cmd.uncacheable_reason = Reason::kMultipleSourceFiles;
    } else {
        cmd.source = inv.source;
        cmd.keyed[compile_arg_index[inv.source_indices.front()]] = false;
    }
    return cmd;
}

std::vector<std::string> mapping_file_refs(std::string_view text) {
    std::vector<std::string> out;
    for (size_t at = text.find("ref:"); at != std::string_view::npos; at = text.find("ref:", at + 4)) {
        size_t open = text.find_first_of("\"'", at + 4);
        if (open == std::string_view::npos) break;
        size_t close = text.find(text[open], open + 1);
        if (close == std::string_view::npos) break;
        out.emplace_back(text.substr(open + 1, close - open - 1));
    }
    return out;
}

std::vector<std::string> dependency_scan_arguments(const std::vector<std::string>& compile_args,
                                                   const std::string& dep_file) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < compile_args.size(); ++i) {
        std::string_view arg = compile_args[i];
        if (arg == "-MF" || arg == "-MT" || arg == "-MQ") {
            ++i;
            continue;
        }
        if (arg.starts_with("-M") || arg.starts_with("-Wp,-M")) continue;
        kept.push_back(compile_args[i]);
    }
    compiler::Invocation inv = compiler::parse_invocation(kept);
    std::vector<std::string> out;
    for (size_t i = 0; i < kept.size(); ++i) {
        if (inv.roles[i] == compiler::ArgRole::kKeyed) out.push_back(std::move(kept[i]));
    }
    out.insert(out.end(), {"-M", "-MF", dep_file});
    return out;
}

}  // namespace zc::analysis
