// The retransmission timeout from measured round trips (RFC 6298 §2), within
// [retransmit_initial, retransmit_cap].
#include "l2tp/control/round_trip_estimator.hpp"

#include <gtest/gtest.h>

namespace l2tp::control {
namespace {

using namespace std::chrono_literals;

TEST(RoundTripEstimator, StartsAtTheFloorUntilMeasured) {
    const RoundTripEstimator rtt(1s, 8s);
    EXPECT_EQ(rtt.timeout(), 1s);
    EXPECT_FALSE(rtt.smoothed());
}

TEST(RoundTripEstimator, FastPeerKeepsTheFloor) {
    RoundTripEstimator rtt(1s, 8s);
    for (int i = 0; i < 20; ++i) {
        rtt.sample(2ms);
    }
    EXPECT_EQ(rtt.smoothed(), 2ms);
    EXPECT_EQ(rtt.timeout(), 1s);  // never shorter than retransmit_initial
}

TEST(RoundTripEstimator, FirstSampleThenSmoothedAsRfc6298Says) {
    RoundTripEstimator rtt(1s, 8s);
    rtt.sample(800ms);  // SRTT 800, RTTVAR 400: RTO 800 + 1600
    EXPECT_EQ(rtt.smoothed(), 800ms);
    EXPECT_EQ(rtt.timeout(), 2400ms);
    rtt.sample(1600ms);  // RTTVAR 3/4 400 + 1/4 800 = 500, SRTT 7/8 800 + 1/8 1600 = 900
    EXPECT_EQ(rtt.smoothed(), 900ms);
    EXPECT_EQ(rtt.timeout(), 2900ms);
}

TEST(RoundTripEstimator, SlowPeerIsCappedAndRecovers) {
    RoundTripEstimator rtt(1s, 8s);
    rtt.sample(5s);
    EXPECT_EQ(rtt.timeout(), 8s);
    for (int i = 0; i < 60; ++i) {
        rtt.sample(10ms);
    }
    EXPECT_EQ(rtt.timeout(), 1s);
}

}  // namespace
}  // namespace l2tp::control
