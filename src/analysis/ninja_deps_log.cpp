#include "analysis/ninja_deps_log.h"

#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "common/paths.h"

namespace zc::analysis {

namespace {
constexpr std::string_view kSignature = "# ninjadeps\n";
constexpr int32_t kVersion = 4;
constexpr uint32_t kDepsBit = 0x80000000u;
constexpr size_t kMaxRecordBytes = (size_t{1} << 19) - 1;  // ninja's own bound

uint32_t u32_at(std::string_view bytes, size_t at) {
    uint32_t value;
    std::memcpy(&value, bytes.data() + at, sizeof value);  // the log is in the host's byte order
    return value;
}
}  // namespace

std::optional<NinjaDepsLog> NinjaDepsLog::parse(std::string_view bytes, const std::string& build_dir) {
    if (!bytes.starts_with(kSignature) || bytes.size() < kSignature.size() + 4 ||
        static_cast<int32_t>(u32_at(bytes, kSignature.size())) != kVersion) {
        return std::nullopt;
    }
    NinjaDepsLog log;
    std::unordered_set<std::string_view> raw;               // the log's own spellings
    std::unordered_map<uint32_t, std::string_view> latest;  // output node -> its last record's body
    for (size_t at = kSignature.size() + 4; at + 4 <= bytes.size();) {
        uint32_t head = u32_at(bytes, at);
        bool is_deps = (head & kDepsBit) != 0;
        size_t size = head & ~kDepsBit;
        if (size > kMaxRecordBytes || at + 4 + size > bytes.size()) break;
        std::string_view body = bytes.substr(at + 4, size);
        at += 4 + size;
        if (is_deps) {
            if (size % 4 != 0 || size < 12) break;
            // Every id known by then, as ninja checks; only each output's latest record is
            // decoded, at the end (a log keeps every build's records until ninja compacts it).
            uint32_t out = u32_at(body, 0);
            size_t ids = log.by_raw_id_.size();
            bool known = out < ids;
            for (size_t i = 12; i < size && known; i += 4) known = u32_at(body, i) < ids;
            if (!known) break;
            latest[log.by_raw_id_[out]] = body;  // a later record replaces an earlier one
            continue;
        }
        // A path, padded with up to three NULs, then the one's complement of its id.
        if (size <= 4) break;
        size_t length = size - 4;
        for (int pad = 0; pad < 3 && length > 0 && body[length - 1] == '\0'; ++pad) --length;
        uint32_t id = static_cast<uint32_t>(raw.size());
        if (~u32_at(body, size - 4) != id || length == 0) break;
        if (!raw.emplace(body.substr(0, length)).second) break;  // two ninjas wrote at once: ninja stops here too
        // Two spellings of one file ("x.h", "/build/x.h") are one input here.
        std::string path = common::lexically_normal(common::absolute_from(build_dir, body.substr(0, length)));
        auto [it, added] = log.ids_.emplace(path, static_cast<uint32_t>(log.nodes_.size()));
        if (added) log.nodes_.push_back(std::move(path));
        log.by_raw_id_.push_back(it->second);
    }
    std::vector<common::Hash128> node_hashes;
    node_hashes.reserve(log.nodes_.size());
    for (const std::string& node : log.nodes_) node_hashes.push_back(common::hash_bytes(node));
    for (const auto& [out, body] : latest) {
        Record record;
        record.mtime_ns = static_cast<int64_t>((uint64_t{u32_at(body, 8)} << 32) | u32_at(body, 4));
        InputsHash hash;
        for (size_t i = 12; i < body.size(); i += 4) {
            record.inputs.push_back(log.by_raw_id_[u32_at(body, i)]);
            hash.add(node_hashes[record.inputs.back()]);
        }
        record.inputs_hash = hash.digest();
        log.records_.emplace(out, std::move(record));
    }
    return log;
}

const NinjaDepsLog::Record* NinjaDepsLog::find(const std::string& output) const {
    auto id = ids_.find(output);
    if (id == ids_.end()) return nullptr;
    auto record = records_.find(id->second);
    return record == records_.end() ? nullptr : &record->second;
}

}  // namespace zc::analysis
