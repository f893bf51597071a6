// NAS-Port numbers (RFC 2865 §5.5) unique while their sessions live, the lowest free one
// reused.
#include "radius/nas_ports.hpp"

#include <gtest/gtest.h>

namespace l2tp::radius {
namespace {

TEST(NasPorts, LowestFreeFirstAndReusedAfterRelease) {
    NasPorts ports;
    EXPECT_EQ(ports.acquire(), 1u);
    EXPECT_EQ(ports.acquire(), 2u);
    EXPECT_EQ(ports.acquire(), 3u);
    ports.release(2);
    EXPECT_FALSE(ports.in_use(2));
    EXPECT_EQ(ports.acquire(), 2u);
    EXPECT_EQ(ports.acquire(), 4u);
    ports.release(1);
    EXPECT_EQ(ports.acquire(), 1u);
    EXPECT_TRUE(ports.in_use(4));
}

}  // namespace
}  // namespace l2tp::radius
