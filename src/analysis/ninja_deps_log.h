#pragma once
// ninja's deps log (`.ninja_deps`, format 4): for each output of a `deps = gcc` rule, the
// inputs ninja read from its dep file after the last build, and the output's mtime then. Ninja
// reads these records instead of the dep file, which it deletes; a restore checks against them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/hash.h"

namespace zc::analysis {

class NinjaDepsLog {
  public:
    struct Record {
        int64_t mtime_ns = 0;          // the output's mtime when ninja recorded it
        std::vector<uint32_t> inputs;  // node ids, in the dep file's order
        common::Hash128 inputs_hash;   // of their paths, in order, as InputsHash makes it
    };

    // A list of absolute, lexically normal paths, hashed: one add() per path in order. What a
    // restore compares a cached dep file with, rather than every path of every record. Each
    // path is hashed on its own, then the list of those: the log hashes each of its nodes once.
    class InputsHash {
      public:
        void add(std::string_view path) { add(common::hash_bytes(path)); }
        void add(const common::Hash128& path) {
            for (uint64_t half : {path.high, path.low}) {
                for (int shift = 56; shift >= 0; shift -= 8) list_.push_back(static_cast<char>(half >> shift));
            }
        }
        common::Hash128 digest() const { return common::hash_bytes(list_); }

      private:
        std::string list_;
    };

    // The log's `bytes`, its node paths made absolute from `build_dir` (where ninja runs).
    // nullopt when it is not a version-4 log. Records from a damaged one on are left out, as
    // ninja leaves them out.
    static std::optional<NinjaDepsLog> parse(std::string_view bytes, const std::string& build_dir);

    // The latest record of `output` (absolute, lexically normal), or null.
    const Record* find(const std::string& output) const;
    // The record's input `i` (< record.inputs.size()): absolute, lexically normal, in the order of
    // the dep file ninja read (the same compile lists them the same way).
    const std::string& input(const Record& record, size_t i) const { return nodes_[record.inputs[i]]; }

  private:
    std::vector<std::string> nodes_;                 // absolute, lexically normal, each once
    std::unordered_map<std::string, uint32_t> ids_;  // into nodes_
    std::vector<uint32_t> by_raw_id_;                // the log's node ids -> into nodes_
    std::unordered_map<uint32_t, Record> records_;   // by output node id
};

}  // namespace zc::analysis
