#include "compiler/link_invocation.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "common/paths.h"
#include "compiler/option_table.h"
#include "reasons/reason.h"

namespace zc::compiler {

using reasons::Reason;

namespace {

// Linkers known to write --dependency-file; with another one we would break the link.
constexpr std::array<std::string_view, 5> kLinkers = {"", "bfd", "gold", "lld", "mold"};

// Extensions of inputs the driver would compile first: such a command is a compile, not a link.
constexpr std::array<std::string_view, 14> kSourceExtensions = {
    ".c", ".cc", ".cp", ".cpp", ".CPP", ".cxx", ".c++", ".C", ".i", ".ii", ".s", ".S", ".sx", ".m",
};

bool is_source(std::string_view path) {
    std::string_view ext = common::extension(path);
    for (std::string_view e : kSourceExtensions) {
        if (e == ext) return true;
    }
    return false;
}

// Splits "-Wl,a,b,c" into the linker's own arguments.
std::vector<std::string_view> split_commas(std::string_view list) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string_view::npos) comma = list.size();
        out.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

// Reads the linker arguments (from -Wl, and -Xlinker) that matter to the cache; with
// `search_options`, also the -L and -l given to the linker directly.
void scan_linker_args(const std::vector<std::string_view>& ld_args, bool search_options, LinkInvocation& link) {
    for (size_t i = 0; i < ld_args.size(); ++i) {
        std::string_view a = ld_args[i];
        auto value = [&](size_t prefix) -> std::string_view {
            if (a.size() > prefix) return a.substr(prefix);
            return i + 1 < ld_args.size() ? ld_args[++i] : std::string_view();
        };
        if (a.starts_with("@") && a.size() > 1) {
            link.linker_response_files.emplace_back(a.substr(1));
            continue;
        }
        if (search_options && a.starts_with("-L")) {
            if (std::string_view dir = value(2); !dir.empty()) link.lib_dirs.emplace_back(dir);
            continue;
        }
        if (search_options && a.starts_with("-l")) {
            if (std::string_view lib = value(2); !lib.empty()) link.libs.emplace_back(lib);
            continue;
        }
        if (a.starts_with("--")) a.remove_prefix(1);
        if (search_options && a.starts_with("-library-path=")) {
            link.lib_dirs.emplace_back(a.substr(14));
        } else if (search_options && a.starts_with("-library=")) {
            link.libs.emplace_back(a.substr(9));
        } else if (a.starts_with("-Map=")) {
            link.map_files.emplace_back(a.substr(5));
        } else if (a == "-Map" && i + 1 < ld_args.size()) {
            link.map_files.emplace_back(ld_args[++i]);
        } else if (a.starts_with("-dependency-file")) {
            link.uncacheable_reason = Reason::kUserDependencyFile;
        } else if (a == "-plugin" || a.starts_with("-plugin=")) {
            link.uncacheable_reason = Reason::kLinkerPlugin;
        } else if (a == "-trace" || a == "-t") {
            link.user_trace = true;
        } else if (a == "-reproduce" || a.starts_with("-reproduce=") || a.starts_with("-thinlto-cache-dir")) {
            link.uncacheable_reason = Reason::kExtraOutputFiles;
        }
    }
}

LinkInvocation new_link(const std::vector<std::string>& args) {
    LinkInvocation link;
    link.args = args;
    link.keyed.assign(args.size(), true);
    return link;
}

// What every link parse ends with: the linker's own arguments read, the default output.
void finish_link(const std::vector<std::string_view>& ld_args, bool search_options, bool output_given,
                 LinkInvocation& link) {
    scan_linker_args(ld_args, search_options, link);
    if (!output_given) link.output = "a.out";
    if (link.inputs.empty() && link.uncacheable_reason == Reason::kNone) link.uncacheable_reason = Reason::kNoInputFile;
}

}  // namespace

LinkInvocation parse_link(const std::vector<std::string>& args) {
    LinkInvocation link = new_link(args);
    std::vector<std::string_view> ld_args;  // from -Wl, and -Xlinker
    bool output_given = false;

    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "-") {
            link.uncacheable_reason = Reason::kStdinInput;
            continue;
        }
        if (!arg.starts_with("-")) {
            if (is_source(arg)) link.uncacheable_reason = Reason::kCompileAndLink;
            link.inputs.emplace_back(arg);
            continue;
        }
        if (arg.starts_with("-Wl,")) {
            for (std::string_view a : split_commas(arg.substr(4))) ld_args.push_back(a);
            continue;
        }
        if (arg.starts_with("-fuse-ld=")) {
            bool known = false;
            for (std::string_view l : kLinkers) known = known || arg.substr(9) == l;
            if (!known) link.uncacheable_reason = Reason::kUnsupportedLinker;
            continue;
        }
        if (arg.starts_with("--ld-path=")) {
            link.uncacheable_reason = Reason::kUnsupportedLinker;
            continue;
        }
        if (arg.starts_with("-B") || arg.starts_with("--prefix")) link.writes_unnamed_files = true;
        std::string_view joined;
        const OptionSpec* spec = find_option(arg, joined);
        if (!spec) continue;
        if (spec->role == OptionRole::kSaveTemps || spec->reason == Reason::kExtraOutputFiles)
            link.writes_unnamed_files = true;
        std::string_view value = joined;
        bool separate = takes_separate_value(*spec, arg, joined);
        if (separate) {
            if (i + 1 >= args.size()) {
                link.uncacheable_reason = Reason::kMissingOptionArgument;
                continue;
            }
            value = args[++i];
        }
        if (spec->name == "-o") {
            output_given = true;
            link.output = value;
            link.keyed[i] = false;
            if (separate) link.keyed[i - 1] = false;
        } else if (spec->name == "-L") {
            link.lib_dirs.emplace_back(value);
        } else if (spec->name == "-l") {
            link.libs.emplace_back(value);
        } else if (spec->name == "-Xlinker") {
            ld_args.push_back(value);
        } else if (spec->name == "-x") {
            link.uncacheable_reason = Reason::kCompileAndLink;
        } else if (spec->role == OptionRole::kCompileOnly || spec->role == OptionRole::kAssemblyOnly) {
            link.uncacheable_reason = Reason::kNotALink;
        } else if (spec->role == OptionRole::kUncacheable && spec->reason != Reason::kProfileOrCoverage &&
                   spec->reason != Reason::kExtraOutputFiles) {
            // Coverage and profiling flags only matter to compiles; a link just adds a runtime.
            link.uncacheable_reason = spec->reason;
        }
    }
    finish_link(ld_args, /*search_options=*/true, output_given, link);
    return link;
}

// wasm-ld's options whose value may be the next argument; all others are flags or `--opt=value`.
constexpr std::array<std::string_view, 17> kWasmLdValueOptions = {
    "-o",
    "-L",
    "-l",
    "-m",
    "-e",
    "--entry",
    "-z",
    "-u",
    "--undefined",
    "--export",
    "--export-if-defined",
    "-y",
    "--trace-symbol",
    "--allow-undefined-file",
    "-mllvm",
    "--Map",
    "-Map",
};

LinkInvocation parse_wasm_ld(const std::vector<std::string>& args) {
    LinkInvocation link = new_link(args);
    link.writes_unnamed_files = true;       // its .wasm.map, symbol maps and the like
    std::vector<std::string_view> ld_args;  // all of them: the command is the linker's
    bool output_given = false;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (!arg.starts_with("-")) {
            link.inputs.emplace_back(arg);
            continue;
        }
        ld_args.push_back(arg);
        std::string_view name = arg, value;
        bool separate =
            std::find(kWasmLdValueOptions.begin(), kWasmLdValueOptions.end(), arg) != kWasmLdValueOptions.end();
        if (separate) {
            if (i + 1 >= args.size()) {
                link.uncacheable_reason = Reason::kMissingOptionArgument;
                break;
            }
            value = args[++i];
            ld_args.push_back(value);
        } else if (arg.size() > 2 && (arg.starts_with("-o") || arg.starts_with("-L") || arg.starts_with("-l"))) {
            name = arg.substr(0, 2);  // -oapp, -Ldir, -lfoo
            value = arg.substr(2);
        } else if (arg.starts_with("--output=")) {
            name = "-o";
            value = arg.substr(9);
        }
        if (name == "-o") {
            output_given = true;
            link.output = value;
            link.keyed[i] = false;
            if (separate) link.keyed[i - 1] = false;
        } else if (name == "-L") {
            link.lib_dirs.emplace_back(value);
        } else if (name == "-l") {
            link.libs.emplace_back(value);
        }
    }
    finish_link(ld_args, /*search_options=*/false, output_given, link);  // -L/-l read above
    return link;
}

std::string dependency_file_option(const std::string& path) {
    return "-Wl,--dependency-file=" + path;
}

std::vector<std::string> take_trace_lines(std::string& out, const std::string& cwd, bool keep_lines,
                                          const std::function<bool(const std::string&)>& is_file) {
    std::vector<std::string> files;
    std::string kept;
    size_t start = 0;
    while (start < out.size()) {
        size_t end = out.find('\n', start);
        size_t next = end == std::string::npos ? out.size() : end + 1;
        std::string_view line = std::string_view(out).substr(start, next - start);
        std::string_view name = line.substr(0, line.find('\n'));
        if (name.ends_with(")") && name.find('(') != std::string_view::npos) name = name.substr(0, name.find('('));
        std::string path = name.empty() ? "" : common::absolute_from(cwd, name);
        if (!path.empty() && is_file(path)) {
            if (std::find(files.begin(), files.end(), path) == files.end()) files.push_back(std::move(path));
            if (keep_lines) kept += line;
        } else {
            kept += line;
        }
        start = next;
    }
    out = std::move(kept);
    return files;
}

}  // namespace zc::compiler
