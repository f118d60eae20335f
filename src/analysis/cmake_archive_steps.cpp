#include "analysis/cmake_archive_steps.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

namespace zc::analysis {

namespace {

// What ninja puts into a command unquoted, and the shell then passes on as it is: with these
// characters only, the words ar and ranlib get are the words written.
bool shell_safe(std::string_view word) {
    if (word.empty() || word.front() == '-') return false;
    return std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
               c == '-' || c == '.' || c == '/';
    });
}

// A program the shell runs by its path, not by a PATH search.
bool program_path(std::string_view word) {
    return shell_safe(word) && word.find('/') != std::string_view::npos;
}

std::vector<std::string_view> split_spaces(std::string_view text) {
    std::vector<std::string_view> words;
    for (size_t at = 0;;) {
        size_t space = text.find(' ', at);
        words.push_back(text.substr(at, space - at));
        if (space == std::string_view::npos) return words;
        at = space + 1;
    }
}

// The rule's command, word by word; "" where the tools' paths go: cmake, ar and ranlib.
constexpr std::array<std::string_view, 18> kCommand = {
    "$PRE_LINK",    "&&",          "",    "-E", "rm", "-f",           "$TARGET_FILE", "&&",         "", "qc",
    "$TARGET_FILE", "$LINK_FLAGS", "$in", "&&", "",   "$TARGET_FILE", "&&",           "$POST_BUILD"};
constexpr size_t kCmakeAt = 2, kArchiverAt = 8, kIndexerAt = 14;

// Bindings that would make the step read, write or run more than its command says.
constexpr std::array<std::string_view, 6> kForeignBindings = {"command", "rspfile", "rspfile_content",
                                                              "depfile", "deps",    "dyndep"};

std::optional<ArchiveStep> archive_step(const NinjaManifest& manifest, const NinjaManifest::Edge& edge) {
    const NinjaManifest::Bindings* rule = manifest.rule(edge.rule);
    if (!rule || edge.outputs.size() != 1 || !edge.implicit_outputs.empty() || edge.inputs.empty() ||
        !edge.literal_paths) {
        return std::nullopt;
    }
    auto command = rule->find("command");
    if (command == rule->end()) return std::nullopt;
    std::vector<std::string_view> words = split_spaces(command->second);
    if (words.size() != kCommand.size()) return std::nullopt;
    for (size_t i = 0; i < words.size(); ++i) {
        if (kCommand[i].empty() ? !program_path(words[i]) : words[i] != kCommand[i]) return std::nullopt;
    }
    // Where ninja finds them: on the edge, in the rule, or for the file (which applies to every
    // edge); the command, only on the edge (the rule's is the one above).
    if (edge.bindings.contains("command")) return std::nullopt;
    for (std::string_view name : kForeignBindings) {
        if (name != "command" && manifest.lookup(edge, std::string(name))) return std::nullopt;
    }
    auto is = [&](const char* name, std::string_view want) { return manifest.lookup(edge, name) == want; };
    std::optional<std::string_view> flags = manifest.lookup(edge, "LINK_FLAGS");
    if (!is("PRE_LINK", ":") || !is("POST_BUILD", ":") || !is("TARGET_FILE", edge.outputs[0]) ||
        (flags && !flags->empty()) || !shell_safe(edge.outputs[0]) ||
        !std::all_of(edge.inputs.begin(), edge.inputs.end(), shell_safe)) {
        return std::nullopt;
    }
    return ArchiveStep{edge.outputs[0], edge.inputs, std::string(words[kCmakeAt]), std::string(words[kArchiverAt]),
                       std::string(words[kIndexerAt])};
}

}  // namespace

std::vector<ArchiveStep> cmake_archive_steps(const NinjaManifest& manifest) {
    // An output two edges claim (ninja's `-w dupbuild=warn` keeps the first): neither is taken.
    std::unordered_map<std::string_view, int> claims;
    for (const NinjaManifest::Edge& edge : manifest.edges()) {
        for (const auto* outputs : {&edge.outputs, &edge.implicit_outputs}) {
            for (const std::string& output : *outputs) ++claims[output];
        }
    }
    std::vector<ArchiveStep> steps;
    for (const NinjaManifest::Edge& edge : manifest.edges()) {
        std::optional<ArchiveStep> step = archive_step(manifest, edge);
        if (step && claims[step->target] == 1) steps.push_back(std::move(*step));
    }
    return steps;
}

}  // namespace zc::analysis
