#include "analysis/compile_database.h"

#include <nlohmann/json.hpp>

#include "analysis/config_files.h"
#include "common/paths.h"
#include "compiler/response_file.h"

namespace zc::analysis {

DatabaseSearch find_compile_database(const std::string& start_dir,
                                     const std::function<bool(const std::string&)>& exists) {
    DatabaseSearch search;
    for (std::string& candidate : config_candidates(start_dir, {kCompileCommandsName, kCompileFlagsName})) {
        if (exists(candidate)) {
            search.found = std::move(candidate);
            break;
        }
        search.absent.push_back(std::move(candidate));
    }
    return search;
}

std::optional<std::vector<CompileCommand>> parse_compile_commands(std::string_view text, std::string& error,
                                                                  bool serialise) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_array()) {
        error = "not a compile database (a JSON array of compiles)";
        return std::nullopt;
    }
    std::vector<CompileCommand> commands;
    for (const nlohmann::json& item : doc) {
        if (!item.is_object() || !item.contains("directory") || !item.contains("file") ||
            !item["directory"].is_string() || !item["file"].is_string()) {
            error = "an entry without a \"directory\" and a \"file\"";
            return std::nullopt;
        }
        CompileCommand command{item["directory"].get<std::string>(),
                               item["file"].get<std::string>(),
                               {},
                               serialise ? item.dump() : std::string()};
        if (item.contains("arguments") && item["arguments"].is_array()) {
            for (const nlohmann::json& word : item["arguments"]) {
                if (!word.is_string()) {
                    error = "an argument that is not a string";
                    return std::nullopt;
                }
                command.arguments.push_back(word.get<std::string>());
            }
        } else if (item.contains("command") && item["command"].is_string()) {
            command.arguments = compiler::split_response_file(item["command"].get<std::string>());
        } else {
            error = "an entry without \"arguments\" or \"command\"";
            return std::nullopt;
        }
        commands.push_back(std::move(command));
    }
    return commands;
}

std::optional<CompileCommands> CompileCommands::parse(std::string_view text) {
    std::string error;
    std::optional<std::vector<CompileCommand>> commands = parse_compile_commands(text, error);
    if (!commands) return std::nullopt;
    CompileCommands db;
    for (CompileCommand& command : *commands) {
        std::string file = common::lexically_normal(common::absolute_from(command.directory, command.file));
        DatabaseEntry& entry = db.entries_[file];
        if (entry.text.empty()) {
            entry.directory = command.directory;
            entry.arguments = std::move(command.arguments);
        }
        entry.text += command.json;
        entry.text += '\n';
    }
    return db;
}

const DatabaseEntry* CompileCommands::entry_for(const std::string& absolute_file) const {
    auto it = entries_.find(common::lexically_normal(absolute_file));
    return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace zc::analysis
