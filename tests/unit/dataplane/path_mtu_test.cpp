// The MTU worked out for an l2tpeth interface: the route's MTU less the encapsulation's
// overhead, as the `ip l2tp` manual works it out by hand.
#include "dataplane/path_mtu.hpp"

#include <gtest/gtest.h>

namespace l2tp::dataplane {
namespace {

TEST(PathMtu, UdpOverIpv4WithTheDefaultSublayerIsTheManualsFigure) {
    // 1500 - 20 IPv4 - 8 UDP - 8 L2TPv3 - 4 sublayer - 14 Ethernet.
    const MtuDerivation d = derive_mtu(1500, "eth0", false, {true, 0, true});
    EXPECT_EQ(d.mtu, 1446);
    EXPECT_EQ(d.how,
              "1500 (eth0) - 20 IPv4 - 8 UDP - 8 L2TPv3 header - 4 L2-Specific Sublayer - 14 "
              "Ethernet = 1446");
}

TEST(PathMtu, EveryPartOfTheOverheadCounts) {
    EXPECT_EQ(derive_mtu(1500, "r", false, {false, 0, false}).mtu, 1500 - 20 - 4 - 14);
    EXPECT_EQ(derive_mtu(1500, "r", true, {false, 8, false}).mtu, 1500 - 40 - 4 - 8 - 14);
    EXPECT_EQ(derive_mtu(1500, "r", true, {true, 4, true}).mtu, 1500 - 40 - 8 - 8 - 4 - 4 - 14);
    EXPECT_EQ(derive_mtu(9000, "r", false, {true, 8, false}).mtu, 9000 - 20 - 8 - 8 - 8 - 14);
}

}  // namespace
}  // namespace l2tp::dataplane
