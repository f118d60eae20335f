#pragma once
// The compile database clang-tidy reads when its command line has no `--`: found by walking up
// from the -p directory or the source's directory, `compile_commands.json` or
// `compile_flags.txt`. What enters the key is the database's entry for the analysed file, so
// that a database regenerated with other files' flags changed still hits.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace zc::analysis {

inline constexpr std::string_view kCompileCommandsName = "compile_commands.json";
inline constexpr std::string_view kCompileFlagsName = "compile_flags.txt";

struct DatabaseSearch {
    std::string found;                // absolute path of the database, or empty
    std::vector<std::string> absent;  // candidates searched before it: one appearing changes the result
};

// Walks up from `start_dir` (absolute) as clang-tidy does; `exists` tells whether a path is a file.
DatabaseSearch find_compile_database(const std::string& start_dir,
                                     const std::function<bool(const std::string&)>& exists);

// What one file's entries say: enough to key them and to find the include search directories.
struct DatabaseEntry {
    std::string text;                    // the entries, serialised: enters the key
    std::string directory;               // the first entry's working directory
    std::vector<std::string> arguments;  // the first entry's command, split into words
};

// One entry of a compile_commands.json, as written.
struct CompileCommand {
    std::string directory;
    std::string file;                    // as written: relative to `directory` or absolute
    std::vector<std::string> arguments;  // "arguments", or "command" split into words
    std::string json;                    // the entry serialised
};

// Every entry, in the file's order; nullopt for text that is not a compile database, with
// `error` saying why. `serialise`: fill each entry's `json` (a whole build's worth takes longer
// than the rest of the parse, and only the analysis tools' keys need it).
std::optional<std::vector<CompileCommand>> parse_compile_commands(std::string_view text, std::string& error,
                                                                  bool serialise = true);

// A parsed compile_commands.json, entries by absolute, normalised file path.
class CompileCommands {
  public:
    // nullopt for text that is not a compile database.
    static std::optional<CompileCommands> parse(std::string_view text);
    // nullptr when the database has no entry for `absolute_file`: clang-tidy then infers flags
    // from similar files, so the whole database decides the result.
    const DatabaseEntry* entry_for(const std::string& absolute_file) const;

  private:
    std::unordered_map<std::string, DatabaseEntry> entries_;
};

}  // namespace zc::analysis
