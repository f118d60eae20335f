#include "client/command_names.h"

#include <algorithm>
#include <array>

namespace zc::client {

namespace {

constexpr std::string_view kSubcommands[] = {"start",   "stop",          "status",        "clear",
                                             "config",  "session-start", "session-stats", "session-end",
                                             "explain", "warm",          "help"};

// Commands of the Rust zccache that this one does not have: scripts written for it call them.
constexpr std::string_view kElsewhereCommands[] = {"fp",    "download", "gha-cache", "ino", "defender-exclusions",
                                                   "report"};

// Longer than any subcommand by more than a typo: never one. Bounds the table below, which
// lives on the stack (this runs before every compile whose first word is long enough).
constexpr size_t kLongestTypo = 16;

// Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
// Both lengths are below kLongestTypo.
size_t typo_distance(std::string_view a, std::string_view b) {
    std::array<std::array<size_t, kLongestTypo + 1>, kLongestTypo + 1> d{};
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

bool is_subcommand(std::string_view name) {
    return std::find(std::begin(kSubcommands), std::end(kSubcommands), name) != std::end(kSubcommands);
}

std::optional<std::string> command_name_error(std::string_view name) {
    if (std::find(std::begin(kElsewhereCommands), std::end(kElsewhereCommands), name) != std::end(kElsewhereCommands)) {
        std::string error = "'";
        error.append(name).append("' is a command of the Rust zccache that this zccache does not have");
        return error.append(" (see 'zccache --help')");
    }
    // Short names are mostly tools (cc, ar, as, ld): only a longer word can be a typo of ours.
    if (name.size() < 4 || name.size() >= kLongestTypo || name.find('/') != std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view nearest;
    size_t best = 3;
    for (std::string_view command : kSubcommands) {
        size_t distance = typo_distance(name, command);
        if (distance < best) {
            best = distance;
            nearest = command;
        }
    }
    if (nearest.empty()) return std::nullopt;
    std::string error = "unknown command '";
    error.append(name).append("'; did you mean '").append(nearest);
    return error.append("'? (see 'zccache --help')");
}

}  // namespace zc::client
