// Which accounted sessions a Disconnect-Request's identifiers select: every one present must
// match, the Calling-Station-Id as l2tpd's accounting sent it.
#include "radius/session_selector.hpp"

#include <gtest/gtest.h>

namespace l2tp::radius {
namespace {

AccountingSession alice() {
    AccountingSession s;
    s.session_id = "5F5E1000-0000002A";
    s.nas_port = 3;
    s.user_name = "alice";
    s.framed_ip_address = Ipv4Address{100, 64, 1, 1};
    s.calling_number = "0123\n";
    return s;
}

TEST(SessionSelector, EveryIdentifierPresentMustMatch) {
    SessionSelector s;
    s.user_name = "alice";
    s.nas_port = 3;
    EXPECT_TRUE(selects(s, alice()));
    s.nas_port = 4;
    EXPECT_FALSE(selects(s, alice()));
}

TEST(SessionSelector, EachIdentifierAloneSelects) {
    SessionSelector by_id;
    by_id.acct_session_id = "5F5E1000-0000002A";
    SessionSelector by_address;
    by_address.framed_ip_address = Ipv4Address{100, 64, 1, 1};
    SessionSelector by_other_address;
    by_other_address.framed_ip_address = Ipv4Address{100, 64, 1, 2};
    EXPECT_TRUE(selects(by_id, alice()));
    EXPECT_TRUE(selects(by_address, alice()));
    EXPECT_FALSE(selects(by_other_address, alice()));
}

TEST(SessionSelector, CallingStationIdIsComparedAsSent) {
    SessionSelector s;
    s.calling_station_id = "0123\\x0a";  // wire::printable's escape of the newline
    EXPECT_TRUE(selects(s, alice()));
    s.calling_station_id = "0123\n";
    EXPECT_FALSE(selects(s, alice()));
}

TEST(SessionSelector, UserNameAndAddressAreUnknownBeforeRadiusSoStart) {
    AccountingSession unstarted = alice();
    unstarted.user_name.clear();
    unstarted.framed_ip_address.reset();
    SessionSelector by_name;
    by_name.user_name = "alice";
    SessionSelector by_address;
    by_address.framed_ip_address = Ipv4Address{100, 64, 1, 1};
    EXPECT_FALSE(selects(by_name, unstarted));
    EXPECT_FALSE(selects(by_address, unstarted));
    EXPECT_TRUE(SessionSelector{}.empty());
    EXPECT_FALSE(by_name.empty());
}

}  // namespace
}  // namespace l2tp::radius
