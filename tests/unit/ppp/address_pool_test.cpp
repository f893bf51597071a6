// One pool's addresses: never used ones first, then least recently returned first; exhaustion
// counted; a reload keeps what is held and drops what left the ranges once it comes back.
#include "ppp/address_pool.hpp"

#include <gtest/gtest.h>

#include "ppp/address_pools.hpp"

namespace l2tp::ppp {
namespace {

constexpr std::uint32_t kBase = 0x0a0a0000;  // 10.10.0.0

PoolDefinition pool(std::vector<Ipv4Range> ranges) {
    return {std::move(ranges), kBase + 1};
}

TEST(AddressPool, NeverUsedAddressesFirstThenLeastRecentlyReturned) {
    AddressPool p(pool({{kBase + 10, kBase + 12}}));
    EXPECT_EQ(p.size(), 3u);
    EXPECT_EQ(p.take(), kBase + 10);
    EXPECT_EQ(p.take(), kBase + 11);
    p.give_back(kBase + 11);
    p.give_back(kBase + 10);
    // .12 was never used: it comes before the two just returned, which come in their order.
    EXPECT_EQ(p.take(), kBase + 12);
    EXPECT_EQ(p.take(), kBase + 11);
    EXPECT_EQ(p.take(), kBase + 10);
    EXPECT_EQ(p.in_use(), 3u);
    EXPECT_EQ(p.free(), 0u);
}

TEST(AddressPool, AnExhaustedPoolGivesNothingAndCountsIt) {
    AddressPool p(pool({{kBase + 10, kBase + 10}}));
    EXPECT_EQ(p.take(), kBase + 10);
    EXPECT_EQ(p.take(), std::nullopt);
    EXPECT_EQ(p.take(), std::nullopt);
    EXPECT_EQ(p.exhausted(), 2u);
    p.give_back(kBase + 10);
    EXPECT_EQ(p.take(), kBase + 10);
    // An address it did not give is ignored: nothing is handed out twice.
    p.give_back(kBase + 99);
    EXPECT_EQ(p.free(), 0u);
}

TEST(AddressPool, RangesAreWalkedInOrderUpToTheLastAddress) {
    AddressPool p(pool({{kBase + 1, kBase + 1}, {0xfffffffe, 0xffffffff}}));
    EXPECT_EQ(p.size(), 3u);
    EXPECT_EQ(p.take(), kBase + 1);
    EXPECT_EQ(p.take(), 0xfffffffeU);
    EXPECT_EQ(p.take(), 0xffffffffU);
    EXPECT_EQ(p.take(), std::nullopt);
}

TEST(AddressPool, ASlash16CostsNothingUntilUsed) {
    AddressPool p(pool({{kBase + 1, kBase + 0xfffe}}));
    EXPECT_EQ(p.size(), 65534u);
    EXPECT_EQ(p.free(), 65534u);
    for (int i = 0; i < 65534; ++i) {
        ASSERT_TRUE(p.take());
    }
    EXPECT_EQ(p.take(), std::nullopt);
    EXPECT_EQ(p.in_use(), 65534u);
}

TEST(AddressPool, AShrinkKeepsHeldAddressesUntilTheyComeBack) {
    AddressPool p(pool({{kBase + 10, kBase + 19}}));
    EXPECT_EQ(p.take(), kBase + 10);
    EXPECT_EQ(p.take(), kBase + 11);
    EXPECT_EQ(p.take(), kBase + 12);
    p.give_back(kBase + 12);
    // Down to .11-.14: .10 is held outside the ranges; .11 held inside; .12 returned.
    p.redefine(pool({{kBase + 11, kBase + 14}}));
    EXPECT_EQ(p.size(), 4u);
    EXPECT_EQ(p.in_use(), 2u);
    EXPECT_EQ(p.free(), 3u);  // .12 (returned), .13, .14
    EXPECT_EQ(p.take(), kBase + 13);
    EXPECT_EQ(p.take(), kBase + 14);
    EXPECT_EQ(p.take(), kBase + 12);  // returned before the reload, last in the order
    EXPECT_EQ(p.take(), std::nullopt);
    p.give_back(kBase + 10);  // outside the ranges now: gone
    p.give_back(kBase + 11);
    EXPECT_EQ(p.take(), kBase + 11);
    EXPECT_EQ(p.take(), std::nullopt);
}

TEST(AddressPool, AGrowthAddsTheNewAddressesAsNeverUsed) {
    AddressPool p(pool({{kBase + 10, kBase + 10}}));
    EXPECT_EQ(p.take(), kBase + 10);
    p.redefine(pool({{kBase + 10, kBase + 12}}));
    EXPECT_EQ(p.free(), 2u);
    EXPECT_EQ(p.take(), kBase + 11);
    EXPECT_EQ(p.take(), kBase + 12);
}

TEST(AddressPools, APoolLeftOutOfTheConfigurationStaysUntilItsLastAddressReturns) {
    AddressPools pools;
    pools.configure({{"a", pool({{kBase + 10, kBase + 11}})}});
    const auto lease = pools.take("a");
    ASSERT_TRUE(lease);
    EXPECT_EQ(lease->pool, "a");
    EXPECT_EQ(lease->local, kBase + 1);
    EXPECT_EQ(lease->remote, kBase + 10);
    EXPECT_FALSE(pools.take("b"));

    pools.configure({});
    ASSERT_TRUE(pools.pools().contains("a"));
    EXPECT_EQ(pools.pools().at("a").in_use(), 1u);
    EXPECT_FALSE(pools.take("a"));
    pools.give_back(*lease);
    EXPECT_FALSE(pools.pools().contains("a"));
}

TEST(Ipv4Text, DottedQuad) {
    EXPECT_EQ(ipv4_text(0x0a0a00fa), "10.10.0.250");
    EXPECT_EQ(ipv4_text(0xffffffff), "255.255.255.255");
}

}  // namespace
}  // namespace l2tp::ppp
