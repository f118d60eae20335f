#include "rust/rustc_invocation.h"

#include <algorithm>
#include <array>

#include "common/fs.h"
#include "common/paths.h"
#include "reasons/reason.h"

namespace zc::rust {

using reasons::Reason;

namespace {

// Options whose value is the next argument unless joined ("--emit=x", "-Cx", "-Lx").
constexpr std::array<std::string_view, 28> kRustcValueOptions = {
    "--crate-name",
    "--crate-type",
    "--emit",
    "--out-dir",
    "-C",
    "--codegen",
    "--extern",
    "-L",
    "-l",
    "--cfg",
    "--check-cfg",
    "--edition",
    "--target",
    "--error-format",
    "--json",
    "-o",
    "--print",
    "-A",
    "-W",
    "-D",
    "-F",
    "--force-warn",
    "--cap-lints",
    "-Z",
    "--remap-path-prefix",
    "--sysroot",
    "--explain",
    "--color",
};

constexpr std::array<std::string_view, 3> kCacheableCrateTypes = {"lib", "rlib", "staticlib"};
constexpr std::array<std::string_view, 3> kCacheableEmits = {"dep-info", "metadata", "link"};

template <size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

void split_commas(std::string_view list, std::vector<std::string>& out) {
    while (!list.empty()) {
        size_t comma = list.find(',');
        out.emplace_back(list.substr(0, comma));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

Reason uncacheable_crate_type(std::string_view type) {
    if (type == "bin") return Reason::kBin;
    if (type == "dylib") return Reason::kDylib;
    if (type == "cdylib") return Reason::kCdylib;
    if (type == "proc-macro") return Reason::kProcMacro;
    return Reason::kUnknownCrateType;
}

void refuse(RustInvocation& inv, Reason reason) {
    if (inv.uncacheable_reason == Reason::kNone) inv.uncacheable_reason = reason;
}

void apply_codegen(RustInvocation& inv, std::string_view value) {
    size_t eq = value.find('=');
    std::string_view key = value.substr(0, eq);
    std::string_view setting = eq == std::string_view::npos ? std::string_view() : value.substr(eq + 1);
    if (key == "incremental") refuse(inv, Reason::kIncremental);
    if (key == "extra-filename") inv.extra_filename = setting;
    // Unpacked split debuginfo writes .dwo/.o files beside the outputs that we do not track.
    if (key == "split-debuginfo" && setting == "unpacked") refuse(inv, Reason::kSplitDebuginfo);
    if (key == "save-temps") refuse(inv, Reason::kExtraOutputFiles);
}

}  // namespace

RustInvocation parse_rustc(const std::vector<std::string>& args) {
    RustInvocation inv;
    inv.args = args;
    int sources = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "-") {
            refuse(inv, Reason::kStdinInput);
            continue;
        }
        if (!arg.starts_with("-")) {
            inv.source = arg;
            ++sources;
            continue;
        }
        if (arg == "-vV" || arg == "-V" || arg == "--version" || arg == "-h" || arg == "--help") {
            refuse(inv, Reason::kNotACompile);
            continue;
        }
        // The option's name and value, joined or separate.
        std::string_view name = arg, value;
        size_t value_index = i;
        if (one_of(kRustcValueOptions, arg)) {
            if (i + 1 >= args.size()) {
                refuse(inv, Reason::kMissingOptionArgument);
                break;
            }
            value_index = ++i;
            value = args[i];
        } else if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else if (arg.size() > 2 && arg[1] != '-' && one_of(kRustcValueOptions, arg.substr(0, 2))) {
            name = arg.substr(0, 2);
            value = arg.substr(2);
        }

        if (name == "--crate-name") {
            inv.crate_name = value;
        } else if (name == "--crate-type") {
            split_commas(value, inv.crate_types);
        } else if (name == "--emit") {
            split_commas(value, inv.emit);
        } else if (name == "--out-dir") {
            inv.out_dir = value;
        } else if (name == "-C" || name == "--codegen") {
            apply_codegen(inv, value);
        } else if (name == "--extern") {
            size_t eq = value.find('=');
            inv.externs.push_back({value_index, std::string(value.substr(0, eq)),
                                   eq == std::string_view::npos ? "" : std::string(value.substr(eq + 1))});
        } else if (name == "-o") {
            refuse(inv, Reason::kRustcOutputFile);
        } else if (name == "--print") {
            refuse(inv, Reason::kNotACompile);
        } else if (name == "--explain") {
            refuse(inv, Reason::kNotACompile);
        }
    }
    if (sources == 0) refuse(inv, Reason::kNoInputFile);
    if (sources > 1) refuse(inv, Reason::kMultipleSourceFiles);
    if (inv.crate_name.empty()) refuse(inv, Reason::kNoCrateName);
    if (inv.out_dir.empty()) refuse(inv, Reason::kNoOutDir);
    if (inv.crate_types.empty()) refuse(inv, Reason::kBin);  // rustc's default crate type
    for (const std::string& type : inv.crate_types) {
        if (!one_of(kCacheableCrateTypes, type)) refuse(inv, uncacheable_crate_type(type));
    }
    for (const std::string& kind : inv.emit) {
        if (!one_of(kCacheableEmits, kind)) refuse(inv, Reason::kUnknownEmit);
    }
    // The dep-info names every source file: without it there is nothing to check a hit against.
    if (std::find(inv.emit.begin(), inv.emit.end(), "dep-info") == inv.emit.end()) refuse(inv, Reason::kNoDepInfo);
    return inv;
}

std::vector<std::string> RustInvocation::output_names() const {
    std::vector<std::string> out;
    auto emits = [&](std::string_view kind) { return std::find(emit.begin(), emit.end(), kind) != emit.end(); };
    std::string stem = crate_name + extra_filename;
    bool rlib =
        std::any_of(crate_types.begin(), crate_types.end(), [](const std::string& t) { return t != "staticlib"; });
    bool staticlib = std::find(crate_types.begin(), crate_types.end(), "staticlib") != crate_types.end();
    if (emits("link") && rlib) out.push_back("lib" + stem + ".rlib");
    if (emits("link") && staticlib) out.push_back("lib" + stem + ".a");
    if (emits("metadata")) out.push_back("lib" + stem + ".rmeta");
    if (emits("dep-info")) out.push_back(dep_info_name());
    return out;
}

std::string RustInvocation::dep_info_name() const {
    return crate_name + extra_filename + ".d";
}

bool expand_rustc_argfiles(const std::vector<std::string>& args, const std::string& cwd,
                           std::vector<std::string>& out) {
    out.clear();
    for (const std::string& arg : args) {
        if (!arg.starts_with("@")) {
            out.push_back(arg);
            continue;
        }
        std::optional<std::string> text = common::read_file(common::absolute_from(cwd, arg.substr(1)));
        if (!text) return false;
        std::string_view rest = *text;
        while (!rest.empty()) {
            size_t end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            if (line.ends_with('\r')) line.remove_suffix(1);
            out.emplace_back(line);
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
    }
    return true;
}

}  // namespace zc::rust
