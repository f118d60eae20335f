#include "reasons/reason.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace zc::reasons {
namespace {

TEST(ReasonTable, NamesAreUniqueSnakeCaseAndFoundAgain) {
    std::set<std::string_view> seen;
    for (size_t i = 0; i < kReasonCount; ++i) {
        Reason reason = static_cast<Reason>(i);
        std::string_view n = name(reason);
        EXPECT_TRUE(seen.insert(n).second) << n;
        EXPECT_FALSE(description(reason).empty()) << n;
        for (char c : n) EXPECT_TRUE(std::islower(static_cast<unsigned char>(c)) || c == '_') << n;
        ASSERT_TRUE(from_name(n).has_value()) << n;
        EXPECT_EQ(*from_name(n), reason);
    }
    EXPECT_FALSE(from_name("no_such_reason").has_value());
}

TEST(ReasonTable, TheSeedsNamesAreKept) {
    // Names users' scripts and the index already hold.
    EXPECT_EQ(name(Reason::kInputFingerprintMismatch), "input_fingerprint_mismatch");
    EXPECT_EQ(name(Reason::kPathSensitiveArg), "path_sensitive_arg");
    EXPECT_EQ(name(Reason::kUnsupportedLanguage), "unsupported_language");
    EXPECT_EQ(name(Reason::kDependencyOptionsThroughWp), "dependency_options_through_wp");
    EXPECT_EQ(kind(Reason::kTimeMacros), Kind::kUncacheable);
    EXPECT_EQ(kind(Reason::kContextNotFound), Kind::kMiss);
    EXPECT_EQ(kind(Reason::kHit), Kind::kCounter);
}

// docs/REASONS.md lists every reason under its kind with the table's description: a reason
// added without its documentation fails here.
TEST(ReasonTable, DocumentedInReasonsMd) {
    std::ifstream in(std::string(ZC_SOURCE_DIR) + "/docs/REASONS.md");
    ASSERT_TRUE(in) << "docs/REASONS.md";
    std::stringstream text;
    text << in.rdbuf();
    std::string doc = text.str();
    for (size_t i = 1; i < kReasonCount; ++i) {
        Reason reason = static_cast<Reason>(i);
        std::string row = "| `" + std::string(name(reason)) + "` | " + std::string(description(reason)) + " |";
        EXPECT_NE(doc.find(row), std::string::npos) << "missing row: " << row;
    }
}

}  // namespace
}  // namespace zc::reasons
