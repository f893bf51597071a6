// The Router Advertisement l2tpd sends on a subscriber's PPP link, octet by octet
// (RFC 4861 §4.2, §4.6.2), and which Router Solicitations it answers (§6.1.1).
#include "ppp/router_advertisement.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace l2tp::ppp {
namespace {

TEST(RouterAdvertisement, CarriesThePrefixOnLinkAndAutonomous) {
    const auto prefix = parse_ipv6_prefix("2001:db8:77:1::/64");
    ASSERT_TRUE(prefix);
    const std::vector<std::uint8_t> expected = {
        134,  0,    0,    0,                          // type, code, checksum (the kernel's)
        64,   0x00, 0x07, 0x08,                       // Cur Hop Limit, no M/O, Router Lifetime 1800
        0,    0,    0,    0,    0,    0,    0,    0,  // Reachable Time, Retrans Timer
        3,    4,    64,   0xc0,                       // Prefix Information, 32 octets, /64, L and A
        0x00, 0x27, 0x8d, 0x00,                       // Valid Lifetime 2592000
        0x00, 0x09, 0x3a, 0x80,                       // Preferred Lifetime 604800
        0,    0,    0,    0,                          // Reserved2
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x77, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(router_advertisement(*prefix), expected);
}

TEST(RouterAdvertisement, TheRouterLifetimeIsNotZero) {
    // A zero lifetime would say "not a default router": the subscriber would have no route.
    const auto ra = router_advertisement(Ipv6Prefix{});
    EXPECT_NE((ra[6] << 8) | ra[7], 0);
    EXPECT_LE(kInitialRouterAdvertisementInterval, std::chrono::seconds(16));
}

TEST(RouterSolicitation, OnlyOnesFromTheLinkItselfAreAnswered) {
    const std::vector<std::uint8_t> plain = {133, 0, 0x12, 0x34, 0, 0, 0, 0};
    EXPECT_TRUE(valid_router_solicitation(plain, 255, false));
    EXPECT_TRUE(valid_router_solicitation(plain, 255, true));
    EXPECT_FALSE(valid_router_solicitation(plain, 254, false));  // routed here: not on-link
    EXPECT_FALSE(valid_router_solicitation(std::span(plain).first(7), 255, false));
    std::vector<std::uint8_t> coded = plain;
    coded[1] = 1;
    EXPECT_FALSE(valid_router_solicitation(coded, 255, false));
    std::vector<std::uint8_t> other = plain;
    other[0] = 135;  // Neighbor Solicitation
    EXPECT_FALSE(valid_router_solicitation(other, 255, false));
}

TEST(RouterSolicitation, ItsOptionsMustBeWellFormed) {
    std::vector<std::uint8_t> with_slla = {133, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0, 1};
    EXPECT_TRUE(valid_router_solicitation(with_slla, 255, false));
    // From the unspecified address it must carry no Source Link-Layer Address.
    EXPECT_FALSE(valid_router_solicitation(with_slla, 255, true));
    std::vector<std::uint8_t> zero_length = with_slla;
    zero_length[9] = 0;
    EXPECT_FALSE(valid_router_solicitation(zero_length, 255, false));
    std::vector<std::uint8_t> too_long = with_slla;
    too_long[9] = 2;
    EXPECT_FALSE(valid_router_solicitation(too_long, 255, false));
    std::vector<std::uint8_t> truncated = with_slla;
    truncated.resize(9);
    EXPECT_FALSE(valid_router_solicitation(truncated, 255, false));
}

}  // namespace
}  // namespace l2tp::ppp
