#pragma once
// The statements of a build.ninja and the files it includes, as ninja reads them: rules with
// their bindings, build edges with their paths and bindings, and the file-level variables.
// Paths are unescaped (`$ `, `$:`, `$$`, continued lines); values are kept as written, so that
// a caller can tell a literal from one that refers to variables. `zccache warm` reads it to
// know a build's steps beyond its compiles. What this reader does not understand makes it give
// up: better no step known than a step misread.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zc::analysis {

class NinjaManifest {
  public:
    using Bindings = std::unordered_map<std::string, std::string>;  // name -> value as written

    struct Edge {
        std::string rule;
        std::vector<std::string> outputs;           // explicit
        std::vector<std::string> implicit_outputs;  // after `|`
        std::vector<std::string> inputs;            // explicit: `$in`
        std::vector<std::string> implicit_inputs;   // after `|`
        std::vector<std::string> order_only;        // after `||`
        Bindings bindings;
        bool literal_paths = true;  // no path refers to a variable
    };

    // `text`, ninja's manifest in `build_dir` (where ninja runs and resolves `include` paths),
    // with every file it includes. `subninja` files are not read: their statements have a scope
    // of their own and define nothing here. nullopt when a statement is not understood or an
    // include cannot be read.
    static std::optional<NinjaManifest> parse(std::string_view text, const std::string& build_dir);

    const std::vector<Edge>& edges() const { return edges_; }
    const Bindings* rule(const std::string& name) const;
    // What `name` holds in `edge`'s rule, as written where ninja finds it: the edge's binding,
    // else the rule's, else the file's; nullopt when nothing binds it (ninja expands it empty).
    std::optional<std::string_view> lookup(const Edge& edge, const std::string& name) const;

  private:
    bool read(std::string_view text, const std::string& build_dir, int depth);
    bool read_edge(std::string_view rest);

    std::unordered_map<std::string, Bindings> rules_;
    std::vector<Edge> edges_;
    Bindings globals_;
};

}  // namespace zc::analysis
