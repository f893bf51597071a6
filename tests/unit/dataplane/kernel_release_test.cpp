#include "dataplane/kernel_release.hpp"

#include <gtest/gtest.h>

namespace l2tp::dataplane {
namespace {

TEST(KernelRelease, ReadsMajorAndMinorOfADistributionRelease) {
    const KernelRelease r = parse_kernel_release("6.1.0-31-amd64");
    EXPECT_EQ(r.major, 6);
    EXPECT_EQ(r.minor, 1);
    EXPECT_EQ(r.text, "6.1.0-31-amd64");
}

// Two tunnels from one NAT address and port need Linux 6.11 (its L2TP receive path).
TEST(KernelRelease, ComparesByMajorThenMinor) {
    EXPECT_FALSE(parse_kernel_release("6.1.0-31-amd64").at_least(6, 11));
    EXPECT_FALSE(parse_kernel_release("6.10.14").at_least(6, 11));
    EXPECT_TRUE(parse_kernel_release("6.11.0").at_least(6, 11));
    EXPECT_TRUE(parse_kernel_release("6.12.43+deb13-amd64").at_least(6, 11));
    EXPECT_TRUE(parse_kernel_release("7.0.1").at_least(6, 11));
    EXPECT_FALSE(parse_kernel_release("5.19.17").at_least(6, 11));
}

TEST(KernelRelease, WhatIsNoReleaseReadsAsTheOldest) {
    EXPECT_FALSE(parse_kernel_release("").at_least(0, 1));
    EXPECT_FALSE(parse_kernel_release("linux").at_least(0, 1));
}

}  // namespace
}  // namespace l2tp::dataplane
