#include "compiler/archive_invocation.h"

#include <gtest/gtest.h>

#include "reason_printing.h"

namespace zc::compiler {
namespace {

using Strings = std::vector<std::string>;

TEST(ArchiveInvocation, ReadsArchiveAndMembersOfACreatingAr) {
    for (std::string key : {"qc", "rcs", "-crs", "cqD", "qcv", "qS"}) {
        ArchiveInvocation ar = parse_ar({key, "lib/libx.a", "a.o", "sub/b.o"});
        EXPECT_TRUE(ar.cacheable()) << key << ": " << ar.uncacheable_reason;
        EXPECT_EQ(ar.archive, "lib/libx.a");
        EXPECT_EQ(ar.members, (Strings{"a.o", "sub/b.o"}));
        EXPECT_EQ(ar.keyed, (std::vector<bool>{true, false, true, true}));
        EXPECT_EQ(ar.deterministic_asked, key.find('D') != std::string::npos);
    }
    EXPECT_TRUE(parse_ar({"qc", "empty.a"}).cacheable());
}

TEST(ArchiveInvocation, RefusesOperationsThatReadMoreThanTheNamedFiles) {
    // Listing, extracting, deleting, moving, timestamps, thin archives, positioning, updating.
    for (std::string key : {"t", "x", "d", "m", "p", "qcU", "qcT", "ruv", "rcb", "qcN", "qcP", "qrc", "c"}) {
        EXPECT_EQ(parse_ar({key, "lib.a", "a.o"}).uncacheable_reason, "archive_operation") << key;
    }
    EXPECT_EQ(parse_ar({"--plugin", "x.so", "qc", "lib.a", "a.o"}).uncacheable_reason, "archive_option");
    EXPECT_EQ(parse_ar({"@args.rsp"}).uncacheable_reason, "archive_without_members");
    EXPECT_EQ(parse_ar({"@args.rsp", "x"}).uncacheable_reason, "archive_option");
    EXPECT_EQ(parse_ar({"qc", "lib.a", "--thin"}).uncacheable_reason, "archive_option");
    EXPECT_EQ(parse_ar({"qc"}).uncacheable_reason, "archive_without_members");
    EXPECT_EQ(parse_ar({}).uncacheable_reason, "archive_without_members");
}

TEST(ArchiveInvocation, ReadsRanlibsArchive) {
    ArchiveInvocation ranlib = parse_ranlib({"lib.a"});
    EXPECT_TRUE(ranlib.cacheable());
    EXPECT_EQ(ranlib.archive, "lib.a");
    EXPECT_TRUE(ranlib.members.empty());
    EXPECT_TRUE(parse_ranlib({"-D", "lib.a"}).deterministic_asked);
    EXPECT_EQ(parse_ranlib({"-U", "lib.a"}).uncacheable_reason, "archive_option");
    EXPECT_EQ(parse_ranlib({"-t", "lib.a"}).uncacheable_reason, "archive_option");
    EXPECT_EQ(parse_ranlib({"a.a", "b.a"}).uncacheable_reason, "archive_several");
    EXPECT_EQ(parse_ranlib({}).uncacheable_reason, "archive_without_members");
}

TEST(ArchiveInvocation, KnowsWhenTheToolWritesNoTimestampsByDefault) {
    EXPECT_TRUE(
        deterministic_by_default("Usage: ar\n  [D]          - use zero for timestamps and uids/gids (default)\n"
                                 "  [U]          - use actual timestamps and uids/gids\n"));
    EXPECT_TRUE(deterministic_by_default("  -D     - Use zero for timestamps and uids/gids (default)\n"));
    EXPECT_FALSE(
        deterministic_by_default("  [D]          - use zero for timestamps and uids/gids\n"
                                 "  [U]          - use actual timestamps and uids/gids (default)\n"));
    EXPECT_FALSE(deterministic_by_default(""));
}

}  // namespace
}  // namespace zc::compiler
