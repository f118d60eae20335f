#include "compiler/search_list.h"

namespace zc::compiler {

namespace {
constexpr std::string_view kQuoteStart = "#include \"...\" search starts here:";
constexpr std::string_view kAngleStart = "#include <...> search starts here:";
constexpr std::string_view kEnd = "End of search list.";
constexpr std::string_view kMissing = "ignoring nonexistent directory \"";
constexpr std::string_view kFramework = " (framework directory)";
}  // namespace

std::optional<SearchList> parse_search_list(std::string_view out) {
    SearchList list;
    enum class Section { kBefore, kQuote, kAngle, kDone } section = Section::kBefore;
    while (!out.empty() && section != Section::kDone) {
        size_t end = out.find('\n');
        std::string_view line = out.substr(0, end);
        out.remove_prefix(end == std::string_view::npos ? out.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.starts_with(kMissing) && line.ends_with("\"")) {
            list.missing_dirs.emplace_back(line.substr(kMissing.size(), line.size() - kMissing.size() - 1));
        } else if (line == kQuoteStart) {
            section = Section::kQuote;
        } else if (line == kAngleStart) {
            section = Section::kAngle;
        } else if (line == kEnd) {
            section = Section::kDone;
        } else if (line.starts_with(' ') && (section == Section::kQuote || section == Section::kAngle)) {
            std::string_view dir = line.substr(1);
            if (dir.ends_with(kFramework)) dir.remove_suffix(kFramework.size());
            (section == Section::kQuote ? list.quote_dirs : list.angle_dirs).emplace_back(dir);
        }
    }
    if (section != Section::kDone) return std::nullopt;
    return list;
}

}  // namespace zc::compiler
