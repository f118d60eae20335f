#pragma once
// A miss under gcc asks GNU as which files it read (compiler/assembler_reads.h), so that no
// result assembled from an `.incbin` or `.include` is stored. Where the assembler cannot say
// (clang's integrated one, another assembler), the inputs' text is scanned for the directives
// instead (meta/assembler_includes.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/prepared_compile.h"
#include "daemon/result_store.h"

namespace zc::daemon {

class AssemblerReads {
public:
    // Decides whether this miss can ask its assembler: gcc, assembling, GNU as behind the driver.
    AssemblerReads(DaemonContext& ctx, const PreparedCompile& compile, int client_fd);

    bool recorded() const { return dep_file_.has_value(); }
    // The assembler's part of the compiler's command line (nothing when it cannot say).
    void add_arguments(std::vector<std::string>& argv) const;
    // After a successful run: why the result must not be stored, or empty.
    std::string_view why_not_storable(const PreparedCompile& compile) const;

private:
    std::optional<TempFile> dep_file_;
};

}  // namespace zc::daemon
