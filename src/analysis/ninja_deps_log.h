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
    // restore compares a cached dep file with, rather than every path of every record.
    class InputsHash {
      public:
        void add(std::string_view path) {
            hasher_.field("input", path);
            ++count_;
        }
        common::Hash128 digest() {
            hasher_.field("count", count_);
            return hasher_.digest();
        }

      private:
        common::Hasher hasher_;
        uint64_t count_ = 0;
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
