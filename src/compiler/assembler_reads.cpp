#include "compiler/assembler_reads.h"

#include <sys/stat.h>

#include "common/fs.h"
#include "common/paths.h"
#include "compiler/depfile.h"

namespace zc::compiler {

namespace {
bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

// gcc's temporary assembly: <dir>/ccXXXXXX.s, removed before gcc exits.
bool is_gone_gcc_temporary(const std::string& path) {
    std::string_view name = common::base_name(path);
    return name.starts_with("cc") && name.ends_with(".s") && path.find('/') != std::string::npos && !exists(path);
}
}  // namespace

std::vector<std::string> assembler_reads_arguments(const std::string& dep_path) {
    return {"-Xassembler", "--MD", "-Xassembler", dep_path};
}

bool can_record_assembler_reads(const Invocation& inv) {
    // An assembler option of the user's own (-Wa,--MD among them) is not cached at all, see
    // harmless_assembler_option.
    return !inv.assembly_only && !inv.save_temps;
}

std::vector<std::string> files_the_assembler_read(const std::string& dep_text, const std::string& source,
                                                  const std::string& cwd) {
    std::string file_directive(common::base_name(source));
    std::vector<std::string> read;
    for (const std::string& dep : parse_dep_file(dep_text)) {
        std::string path = common::absolute_from(cwd, dep);
        if (path == source || is_gone_gcc_temporary(path)) continue;
        if (dep == file_directive && (!exists(path) || common::same_file(path, source))) continue;
        read.push_back(std::move(path));
    }
    return read;
}

}  // namespace zc::compiler
