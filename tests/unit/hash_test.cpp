#include "common/hash.h"

#include <gtest/gtest.h>

using namespace zc::common;

TEST(Hash, HexAndBytesRoundTrip) {
    Hash128 h = hash_bytes("hello");
    Hash128 back;
    ASSERT_TRUE(Hash128::from_hex(h.hex(), back));
    EXPECT_EQ(back, h);
    ASSERT_TRUE(Hash128::from_bytes(h.bytes(), back));
    EXPECT_EQ(back, h);
    EXPECT_FALSE(Hash128::from_hex("zz", back));
}

TEST(Hash, FieldsAreDelimited) {
    Hasher a, b;
    a.field("arg", "ab").field("arg", "c");
    b.field("arg", "a").field("arg", "bc");
    EXPECT_NE(a.digest(), b.digest());
}
