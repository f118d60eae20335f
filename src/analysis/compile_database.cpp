#include "analysis/compile_database.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/config_files.h"
#include "common/paths.h"
#include "compiler/response_file.h"

namespace zc::analysis {

std::string normal_path(const std::string& path) {
    std::string out = std::filesystem::path(path).lexically_normal().string();
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

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

std::optional<CompileCommands> CompileCommands::parse(std::string_view text) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_array()) return std::nullopt;
    CompileCommands db;
    for (const nlohmann::json& item : doc) {
        if (!item.is_object() || !item.contains("directory") || !item.contains("file") ||
            !item["directory"].is_string() || !item["file"].is_string()) {
            return std::nullopt;
        }
        std::string directory = item["directory"].get<std::string>();
        std::string file = normal_path(common::absolute_from(directory, item["file"].get<std::string>()));
        std::vector<std::string> words;
        if (item.contains("arguments") && item["arguments"].is_array()) {
            for (const nlohmann::json& word : item["arguments"]) {
                if (!word.is_string()) return std::nullopt;
                words.push_back(word.get<std::string>());
            }
        } else if (item.contains("command") && item["command"].is_string()) {
            words = compiler::split_response_file(item["command"].get<std::string>());
        } else {
            return std::nullopt;
        }
        DatabaseEntry& entry = db.entries_[file];
        if (entry.text.empty()) {
            entry.directory = directory;
            entry.arguments = std::move(words);
        }
        entry.text += item.dump();
        entry.text += '\n';
    }
    return db;
}

const DatabaseEntry* CompileCommands::entry_for(const std::string& absolute_file) const {
    auto it = entries_.find(normal_path(absolute_file));
    return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace zc::analysis
