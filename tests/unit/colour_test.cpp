#include "compiler/colour.h"

#include <gtest/gtest.h>

using zc::compiler::strip_colour;

TEST(Colour, StripsSgrAndEraseSequences) {
    EXPECT_EQ(strip_colour("\x1b[01m\x1b[Ka.c:1:1:\x1b[m\x1b[K \x1b[01;35mwarning\x1b[m"), "a.c:1:1: warning");
}

TEST(Colour, StripsHyperlinks) {
    EXPECT_EQ(strip_colour("see \x1b]8;;https://gcc.gnu.org/x\x1b\\-Wunused\x1b]8;;\x1b\\ here"), "see -Wunused here");
}

TEST(Colour, PlainTextUnchanged) {
    EXPECT_EQ(strip_colour("plain\ntext\n"), "plain\ntext\n");
}
