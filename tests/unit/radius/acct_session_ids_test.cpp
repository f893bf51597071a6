// Acct-Session-Id values (RFC 2866 §5.5) unique within a run and across restarts.
#include "radius/acct_session_ids.hpp"

#include <gtest/gtest.h>

namespace l2tp::radius {
namespace {

TEST(AcctSessionIds, StartTimeAndCounterInHex) {
    AcctSessionIds ids(0x5f5e1000);
    EXPECT_EQ(ids.next(), "5F5E1000-00000001");
    EXPECT_EQ(ids.next(), "5F5E1000-00000002");
    AcctSessionIds after_restart(0x5f5e1001);
    EXPECT_EQ(after_restart.next(), "5F5E1001-00000001");
}

TEST(AcctSessionIds, TheDaemonsOwnIsCounterZero) {
    AcctSessionIds ids(0x5f5e1000);
    EXPECT_EQ(ids.daemon(), "5F5E1000-00000000");
    EXPECT_EQ(ids.next(), "5F5E1000-00000001");
    EXPECT_EQ(ids.daemon(), "5F5E1000-00000000");
}

}  // namespace
}  // namespace l2tp::radius
