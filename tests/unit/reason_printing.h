#pragma once
// Tests compare reasons with the names users see (`EXPECT_EQ(inv.uncacheable_reason, "linking")`)
// and print them by name when they differ.

#include <ostream>
#include <string_view>

#include "reasons/reason.h"

namespace zc::reasons {

inline void PrintTo(Reason reason, std::ostream* os) {
    *os << name(reason);
}
inline std::ostream& operator<<(std::ostream& os, Reason reason) {
    return os << name(reason);
}
inline bool operator==(Reason reason, std::string_view expected) {
    return name(reason) == expected;
}

}  // namespace zc::reasons
