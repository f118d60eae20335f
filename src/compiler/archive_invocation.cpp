#include "compiler/archive_invocation.h"

#include <algorithm>
#include <string_view>

#include "reasons/reason.h"

namespace zc::compiler {

using reasons::Reason;

namespace {
// `ar` key letters whose result depends on the named files only: q and r add every member
// (r also replaces, the same thing for a new archive), c quiets "creating", s/S build or skip
// the symbol index, D asks for zero timestamps, v lists what it does on stdout.
constexpr std::string_view kOperations = "qr";
constexpr std::string_view kModifiers = "csSDv";

bool is_option(const std::string& arg) {
    return arg.size() > 1 && (arg[0] == '-' || arg[0] == '@');
}

void refuse(ArchiveInvocation& out, Reason reason) {
    if (out.uncacheable_reason == Reason::kNone) out.uncacheable_reason = reason;
}
}  // namespace

ArchiveInvocation parse_ar(const std::vector<std::string>& args) {
    ArchiveInvocation out;
    out.args = args;
    out.keyed.assign(args.size(), true);
    if (args.size() < 2) {
        refuse(out, Reason::kArchiveWithoutMembers);
        return out;
    }
    std::string_view key = args[0];
    if (key.starts_with("--") || key.starts_with("@")) {
        refuse(out, Reason::kArchiveOption);  // --plugin, --target, --thin, --output, response files
        return out;
    }
    if (key.starts_with("-")) key.remove_prefix(1);
    int operations = 0;
    for (char c : key) {
        if (kOperations.find(c) != std::string_view::npos) {
            ++operations;
        } else if (kModifiers.find(c) == std::string_view::npos) {
            refuse(out, Reason::kArchiveOperation);  // t, x, d, m, p, U, T, u, a/b/i, N, P, ...
        }
        if (c == 'D') out.deterministic_asked = true;
    }
    if (operations != 1) refuse(out, Reason::kArchiveOperation);
    out.archive = args[1];
    out.keyed[1] = false;
    if (is_option(out.archive)) refuse(out, Reason::kArchiveOption);
    for (size_t i = 2; i < args.size(); ++i) {
        if (is_option(args[i])) refuse(out, Reason::kArchiveOption);
        out.members.push_back(args[i]);
    }
    return out;
}

ArchiveInvocation parse_ranlib(const std::vector<std::string>& args) {
    ArchiveInvocation out;
    out.args = args;
    out.keyed.assign(args.size(), true);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-D") {
            out.deterministic_asked = true;
        } else if (is_option(arg)) {
            refuse(out, Reason::kArchiveOption);  // -U, -t (timestamps), --plugin, response files
        } else if (!out.archive.empty()) {
            refuse(out, Reason::kArchiveSeveral);
        } else {
            out.archive = arg;
            out.keyed[i] = false;
        }
    }
    if (out.archive.empty()) refuse(out, Reason::kArchiveWithoutMembers);
    return out;
}

bool deterministic_by_default(const std::string& help_text) {
    std::string_view rest = help_text;
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
        bool d_line = line.starts_with("[D]") || line.starts_with("-D") || line.starts_with("D ");
        if (d_line && line.find("(default)") != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace zc::compiler
