#include "l2tp/control/sequence.hpp"

#include <gtest/gtest.h>

#include "l2tp/control/congestion_window.hpp"
#include "l2tp/control/reliable_channel.hpp"

namespace l2tp::control {
namespace {

using model::ChannelConfig;
using model::Duration;
using model::Time;

TEST(Sequence, Rfc2661Example) {
    // RFC 2661 §5.8: "if the last received sequence number was 15, then messages with sequence
    // numbers 0 through 15, as well as 32784 through 65535, would be considered less than or
    // equal."
    for (int ns = 0; ns <= 65535; ++ns) {
        const bool at_most_15 = ns <= 15 || ns >= 32784;
        const auto v = static_cast<std::uint16_t>(ns);
        EXPECT_EQ(seq_before(v, 16), at_most_15) << ns;
    }
}

TEST(Sequence, WrapsAround) {
    EXPECT_TRUE(seq_before(65535, 0));
    EXPECT_FALSE(seq_before(0, 65535));
    EXPECT_EQ(seq_distance(65534, 2), 4);
    EXPECT_FALSE(seq_before(7, 7));
}

TEST(RetransmitTimeout, DoublesUpToTheCap) {
    const ReliableChannel channel(ChannelConfig{});
    const std::chrono::seconds expected[] = {std::chrono::seconds(1), std::chrono::seconds(2),
                                             std::chrono::seconds(4), std::chrono::seconds(8),
                                             std::chrono::seconds(8), std::chrono::seconds(8)};
    for (unsigned i = 0; i < 6; ++i) {
        EXPECT_EQ(channel.retransmit_timeout(i), expected[i]) << i;
    }
    // 1 + 2 + 4 + 8 + 8 + 8 for the first send and five retransmissions.
    EXPECT_EQ(channel.full_retransmission_interval(), std::chrono::seconds(31));
}

TEST(CongestionWindow, SlowStartThenLinearThenHalvedOnTimeout) {
    // RFC 2661 Appendix A.
    CongestionWindow w(8);
    EXPECT_EQ(w.size(), 1);
    EXPECT_EQ(w.threshold(), 8);
    for (int i = 0; i < 7; ++i) {
        w.on_ack();
    }
    EXPECT_EQ(w.size(), 8);  // one per ack up to SSTHRESH
    w.on_ack();
    EXPECT_EQ(w.size(), 8);  // never above the peer's window
    w.on_timeout();
    EXPECT_EQ(w.size(), 1);
    EXPECT_EQ(w.threshold(), 4);
    for (int i = 0; i < 3; ++i) {
        w.on_ack();
    }
    EXPECT_EQ(w.size(), 4);
    // Congestion avoidance: CWND acks for one more.
    for (int i = 0; i < 3; ++i) {
        w.on_ack();
    }
    EXPECT_EQ(w.size(), 4);
    w.on_ack();
    EXPECT_EQ(w.size(), 5);
}

TEST(CongestionWindow, ZeroWindowIsTreatedAsOne) {
    CongestionWindow w(0);
    w.on_ack();
    EXPECT_EQ(w.size(), 1);
}

}  // namespace
}  // namespace l2tp::control
