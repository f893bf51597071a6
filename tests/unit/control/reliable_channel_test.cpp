// The reliable control channel on a simulated clock (RFC 2661 §5.8, Appendix A; RFC 3931 §4.2).
#include "l2tp/control/reliable_channel.hpp"

#include <gtest/gtest.h>

#include "l2tp/wire/message_builder.hpp"
#include "support/lossy_link.hpp"

namespace l2tp::control {
namespace {

using model::ChannelConfig;
using model::Duration;
using model::Time;

using namespace std::chrono_literals;
using l2tp::testing::LinkProfile;
using l2tp::testing::LossyLink;

const Time kStart{};

// An ICRQ whose Call Serial Number tells messages apart.
std::vector<std::uint8_t> numbered(std::uint32_t serial,
                                   wire::ProtocolVersion version = wire::ProtocolVersion::kV2) {
    wire::MessageBuilder builder(version, wire::MessageType::kIcrq);
    if (version == wire::ProtocolVersion::kV2) {
        builder.add_unsigned(wire::avp::kAssignedSessionId, 1);
    } else {
        builder.add_unsigned(wire::avp::kLocalSessionId, 1)
            .add_unsigned(wire::avp::kRemoteSessionId, 0)
            .add_unsigned(wire::avp::kPseudowireType, 5)
            .add_text(wire::avp::kRemoteEndId, "pw1")
            .add_unsigned(wire::avp::kCircuitStatus, 1);
    }
    wire::BuiltMessage built = builder.add_unsigned(wire::avp::kCallSerialNumber, serial)
                                   .finish(wire::ControlHeader{version, 9});
    EXPECT_TRUE(built) << wire::build_error_name(built.error) << " " << built.avp.type;
    return built.bytes;
}

wire::ControlMessage decoded(const std::vector<std::uint8_t>& datagram) {
    wire::ControlMessage m;
    EXPECT_FALSE(wire::decode_control_message(datagram, wire::Encapsulation::kUdp, {}, m));
    return m;
}

// A message as the peer would send it: Ns/Nr stamped by hand.
ReceivedMessage from_peer(std::uint32_t serial, std::uint16_t ns, std::uint16_t nr) {
    auto bytes = numbered(serial);
    wire::set_sequence_numbers(bytes, ns, nr);
    return {decoded(bytes), {}};
}

ReceivedMessage received(const std::vector<std::uint8_t>& datagram) {
    return {decoded(datagram), {}};
}

std::uint32_t serial_of(const ReceivedMessage& m) {
    return static_cast<std::uint32_t>(*m.message.unsigned_value(wire::avp::kCallSerialNumber));
}

TEST(ReliableChannel, StampsNsAndNrAndDeliversInOrder) {
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(decoded(out[0]).header().ns, 0);
    EXPECT_EQ(decoded(out[0]).header().nr, 0);

    EXPECT_EQ(ch.receive(from_peer(100, 0, 1), kStart), ReceiveVerdict::kDelivered);
    EXPECT_TRUE(ch.idle());  // Nr 1 acknowledged our Ns 0
    auto delivered = ch.take_deliveries();
    ASSERT_EQ(delivered.size(), 1u);
    EXPECT_EQ(serial_of(delivered[0]), 100u);
    EXPECT_EQ(ch.expected_ns(), 1);
}

TEST(ReliableChannel, InOrderMessageWithNothingToCarryItsNrIsAcknowledgedBeforeTheClockMoves) {
    ReliableChannel ch({});
    ch.set_peer_connection_id(0x4242);
    EXPECT_EQ(ch.receive(from_peer(1, 0, 0), kStart), ReceiveVerdict::kDelivered);
    EXPECT_TRUE(ch.ack_owed());
    // No timer stands in for the acknowledgement: the batch's end sends it.
    EXPECT_FALSE(ch.next_deadline());
    EXPECT_TRUE(ch.take_transmissions().empty());
    ch.flush_acknowledgement();
    // A ZLB (RFC 2661 §5.8), addressed to the peer's ID, with the next Ns (a ZLB takes no slot).
    const auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    const auto zlb = decoded(out[0]);
    EXPECT_TRUE(zlb.is_zlb());
    EXPECT_EQ(zlb.header().connection_id, 0x4242u);
    EXPECT_EQ(zlb.header().ns, 0);
    EXPECT_EQ(zlb.header().nr, 1);
    EXPECT_EQ(ch.next_ns(), 0);
    EXPECT_FALSE(ch.ack_owed());
    // Owed once: a second end of batch sends nothing.
    ch.flush_acknowledgement();
    EXPECT_TRUE(ch.take_transmissions().empty());
}

TEST(ReliableChannel, ReplyLeavingInTheSameBatchCarriesTheAcknowledgementInsteadOfAZlb) {
    ReliableChannel ch({});
    ch.receive(from_peer(1, 0, 0), kStart);
    ch.send(numbered(2), kStart);
    ch.flush_acknowledgement();
    const auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(decoded(out[0]).is_zlb());
    EXPECT_EQ(decoded(out[0]).header().nr, 1);
}

TEST(ReliableChannel, OneAcknowledgementCoversEveryMessageOfTheBatch) {
    ReliableChannel ch({});
    for (std::uint16_t ns = 0; ns < 3; ++ns) {
        EXPECT_EQ(ch.receive(from_peer(ns, ns, 0), kStart), ReceiveVerdict::kDelivered);
    }
    ch.flush_acknowledgement();
    const auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(decoded(out[0]).is_zlb());
    EXPECT_EQ(decoded(out[0]).header().nr, 3);
}

TEST(ReliableChannel, DuplicateIsDroppedButAcknowledgedAtTheBatchEnd) {
    ReliableChannel ch({});
    ch.receive(from_peer(1, 0, 0), kStart);
    ch.take_deliveries();
    ch.flush_acknowledgement();
    ch.take_transmissions();
    EXPECT_EQ(ch.receive(from_peer(1, 0, 0), kStart + 1ms), ReceiveVerdict::kDuplicate);
    EXPECT_TRUE(ch.take_deliveries().empty());
    ch.flush_acknowledgement();
    auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(decoded(out[0]).is_zlb());
    EXPECT_EQ(decoded(out[0]).header().nr, 1);
}

TEST(ReliableChannel, MessageHeldPastAGapOwesNoAcknowledgement) {
    ReliableChannel ch({});
    EXPECT_EQ(ch.receive(from_peer(1, 1, 0), kStart), ReceiveVerdict::kQueued);
    // Nr cannot pass the gap: a ZLB would only repeat Nr 0.
    EXPECT_FALSE(ch.ack_owed());
    ch.flush_acknowledgement();
    EXPECT_TRUE(ch.take_transmissions().empty());
}

TEST(ReliableChannel, ProgressCountsWhatThePeerAcknowledged) {
    ReliableChannel ch({});
    ch.set_peer_window(4);
    for (std::uint32_t i = 0; i < 3; ++i) {
        ch.send(numbered(i), kStart);
    }
    EXPECT_EQ(ch.progress().queued, 3u);
    EXPECT_EQ(ch.progress().acknowledged, 0u);
    ch.receive(from_peer(9, 0, 1), kStart);  // Nr 1: the first message is acknowledged
    EXPECT_EQ(ch.progress().acknowledged, 1u);
}

TEST(ReliableChannel, OutOfOrderIsHeldUntilTheGapFillsAndFarAheadIsDropped) {
    ChannelConfig config;
    config.local_receive_window = 4;
    ReliableChannel ch(config);
    EXPECT_EQ(ch.receive(from_peer(2, 2, 0), kStart), ReceiveVerdict::kQueued);
    EXPECT_EQ(ch.receive(from_peer(2, 2, 0), kStart), ReceiveVerdict::kQueued);  // twice
    EXPECT_EQ(ch.receive(from_peer(1, 1, 0), kStart), ReceiveVerdict::kQueued);
    EXPECT_EQ(ch.receive(from_peer(4, 4, 0), kStart), ReceiveVerdict::kOutOfWindow);
    EXPECT_TRUE(ch.take_deliveries().empty());
    EXPECT_EQ(ch.receive(from_peer(0, 0, 0), kStart), ReceiveVerdict::kDelivered);
    const auto delivered = ch.take_deliveries();
    ASSERT_EQ(delivered.size(), 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
        EXPECT_EQ(serial_of(delivered[i]), i);
    }
    EXPECT_EQ(ch.expected_ns(), 3);
}

TEST(ReliableChannel, PeerWindowLimitsMessagesInFlight) {
    ChannelConfig config;
    config.peer_receive_window = 2;
    ReliableChannel ch(config);
    ch.set_peer_window(2);
    for (std::uint32_t i = 0; i < 5; ++i) {
        ch.send(numbered(i), kStart);
    }
    // Slow start: CWND 1 at first.
    EXPECT_EQ(ch.take_transmissions().size(), 1u);
    ch.receive(from_peer(0, 0, 1), kStart + 1ms);  // acks Ns 0: CWND 2
    EXPECT_EQ(ch.take_transmissions().size(), 2u);
    ch.receive(from_peer(1, 1, 2), kStart + 2ms);  // acks Ns 1: one slot free, window is 2
    EXPECT_EQ(ch.take_transmissions().size(), 1u);
    EXPECT_FALSE(ch.idle());
}

TEST(ReliableChannel, RetransmitsWithBackoffAndFreshNrThenFails) {
    ReliableChannel ch({});
    ch.send(numbered(7), kStart);
    ch.take_transmissions();
    ch.receive(from_peer(1, 0, 0), kStart + 100ms);  // does not ack our Ns 0
    ch.take_deliveries();
    Time t = kStart;
    const std::chrono::seconds waits[] = {1s, 2s, 4s, 8s, 8s};
    for (const auto wait : waits) {
        t += wait;
        ASSERT_EQ(ch.next_deadline().value_or(Time::max()) <= t, true);
        ch.on_timer(t);
        auto out = ch.take_transmissions();
        // The retransmission (the acknowledgement owed to the peer rides on it).
        ASSERT_EQ(out.size(), 1u);
        const auto again = decoded(out[0]);
        EXPECT_EQ(again.header().ns, 0);
        EXPECT_EQ(again.header().nr, 1);  // RFC 2661 §5.8: Nr MUST be updated
        EXPECT_FALSE(ch.failed());
    }
    t += 8s;
    ch.on_timer(t);
    EXPECT_TRUE(ch.failed());
    EXPECT_TRUE(ch.take_transmissions().empty());
    EXPECT_FALSE(ch.next_deadline());
}

TEST(ReliableChannel, AckResetsBackoff) {
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    ch.send(numbered(2), kStart);
    ch.take_transmissions();
    ch.on_timer(kStart + 1s);  // retransmit Ns 0
    ch.on_timer(kStart + 3s);  // and again
    ch.take_transmissions();
    wire::ControlMessage zlb;
    ASSERT_FALSE(
        wire::decode_control_message(wire::encode_zlb({wire::ProtocolVersion::kV2, 1, 0, 0, 1}),
                                     wire::Encapsulation::kUdp, {}, zlb));
    EXPECT_EQ(ch.receive({std::move(zlb), {}}, kStart + 3500ms), ReceiveVerdict::kAckOnly);
    // Ns 1 goes now and is timed from the initial timeout again.
    EXPECT_EQ(ch.take_transmissions().size(), 1u);
    EXPECT_EQ(ch.next_deadline(), kStart + 4500ms);
}

// A ZLB from the peer acknowledging everything before `nr`.
ReceivedMessage zlb_acknowledging(std::uint16_t nr) {
    return received(wire::encode_zlb({wire::ProtocolVersion::kV2, 1, 0, 0, nr}));
}

TEST(ReliableChannel, LateAcknowledgementsLengthenTheRetransmitTimeout) {
    // RFC 6298 §2 (RFC 2661 §5.8's 1 s is a default): a peer that acknowledges in 900 ms gets
    // SRTT + 4 RTTVAR = 900 + 1800 ms, so an acknowledgement of 1.5 s sends nothing again.
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    ch.take_transmissions();
    EXPECT_EQ(ch.receive(zlb_acknowledging(1), kStart + 900ms), ReceiveVerdict::kAckOnly);
    const Time second = kStart + 2s;
    ch.send(numbered(2), second);
    ch.take_transmissions();
    EXPECT_EQ(ch.next_deadline(), second + 2700ms);
    ch.on_timer(second + 1500ms);
    EXPECT_TRUE(ch.take_transmissions().empty());
    ch.receive(zlb_acknowledging(2), second + 1500ms);
    EXPECT_EQ(ch.retransmitted(), 0u);
}

TEST(ReliableChannel, AMessageSentAgainIsNotTimed) {
    // Karn (RFC 6298 §3): which transmission a late acknowledgement answers is unknown.
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    ch.on_timer(kStart + 1s);
    ch.take_transmissions();
    ch.receive(zlb_acknowledging(1), kStart + 2900ms);
    EXPECT_FALSE(ch.round_trip().smoothed());
    ch.send(numbered(2), kStart + 3s);
    EXPECT_EQ(ch.next_deadline(), kStart + 4s);
}

TEST(ReliableChannel, TimesTheNewestMessageAnAcknowledgementCovers) {
    // The acknowledgement of Ns 1 was lost; the one of Ns 2 covers both and times Ns 2.
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    ch.receive(zlb_acknowledging(1), kStart + 100ms);  // the window opens to 2
    ch.send(numbered(2), kStart + 1s);
    ch.send(numbered(3), kStart + 1500ms);
    EXPECT_EQ(ch.receive(zlb_acknowledging(3), kStart + 1600ms), ReceiveVerdict::kAckOnly);
    EXPECT_EQ(ch.round_trip().smoothed(), 100ms);  // Ns 1's 600 ms would make it 162.5
}

TEST(ReliableChannel, NrBeyondWhatWasSentIsRejected) {
    ReliableChannel ch({});
    ch.send(numbered(1), kStart);
    EXPECT_EQ(ch.receive(from_peer(1, 0, 2), kStart), ReceiveVerdict::kBadNr);
    EXPECT_TRUE(ch.take_deliveries().empty());
    EXPECT_FALSE(ch.idle());
}

TEST(ReliableChannel, SequenceNumbersWrapAround) {
    ReliableChannel a({}), b({});
    for (std::uint32_t i = 0; i < 65600; ++i) {
        a.send(numbered(i), kStart);
        for (auto& d : a.take_transmissions()) {
            ASSERT_EQ(b.receive(received(d), kStart), ReceiveVerdict::kDelivered);
        }
        ASSERT_EQ(serial_of(b.take_deliveries().at(0)), i);
        b.flush_acknowledgement();
        for (auto& d : b.take_transmissions()) {
            a.receive(received(d), kStart);
        }
    }
    EXPECT_EQ(a.next_ns(), static_cast<std::uint16_t>(65600));
    EXPECT_TRUE(a.idle());
}

TEST(ReliableChannel, ExplicitAckIsSealedWithADigest) {
    ChannelConfig config;
    config.version = wire::ProtocolVersion::kV3;
    config.explicit_ack = true;
    config.digest = wire::DigestType::kHmacMd5;
    ReliableChannel ch(config);
    const auto key = wire::derive_shared_key(wire::Bytes());
    ch.set_sealer([&](wire::MutableBytes m) { wire::sign_control_message(m, key, {}); });
    auto first = numbered(1, wire::ProtocolVersion::kV3);
    wire::set_sequence_numbers(first, 0, 0);
    ch.receive(received(first), kStart);
    ch.flush_acknowledgement();
    auto out = ch.take_transmissions();
    ASSERT_EQ(out.size(), 1u);
    const auto ack = decoded(out[0]);
    EXPECT_EQ(ack.type(), wire::MessageType::kAck);
    EXPECT_EQ(ack.header().nr, 1);
    const wire::SharedKey keys[] = {key};
    EXPECT_EQ(wire::verify_control_message(out[0], keys, {}), wire::WireError::kNone);
}

// Two channels across lossy links: every message arrives once, in order.
void exchange_over(const LinkProfile& profile, std::uint32_t seed) {
    ChannelConfig config;
    config.peer_receive_window = 8;
    config.max_retransmissions = 20;
    ReliableChannel a(config), b(config);
    LossyLink ab(profile, seed), ba(profile, seed + 1);
    constexpr std::uint32_t kMessages = 300;
    std::vector<std::uint32_t> got_a, got_b;
    Time now = kStart;
    for (std::uint32_t i = 0; i < kMessages; ++i) {
        a.send(numbered(i), now);
        b.send(numbered(i), now);
    }
    for (int step = 0; step < 200000; ++step) {
        for (auto& d : a.take_transmissions())
            ab.push(std::move(d), now);
        for (auto& d : b.take_transmissions())
            ba.push(std::move(d), now);
        if (got_a.size() == kMessages && got_b.size() == kMessages && a.idle() && b.idle()) {
            break;
        }
        Time next = Time::max();
        for (auto t : {a.next_deadline(), b.next_deadline(), ab.next_due(), ba.next_due()}) {
            if (t)
                next = std::min(next, *t);
        }
        ASSERT_NE(next, Time::max()) << "stalled";
        now = std::max(now, next);
        for (auto& d : ab.pop_due(now))
            b.receive(received(d), now);
        for (auto& d : ba.pop_due(now))
            a.receive(received(d), now);
        a.flush_acknowledgement();
        b.flush_acknowledgement();
        a.on_timer(now);
        b.on_timer(now);
        for (auto& m : a.take_deliveries())
            got_a.push_back(serial_of(m));
        for (auto& m : b.take_deliveries())
            got_b.push_back(serial_of(m));
        ASSERT_FALSE(a.failed());
        ASSERT_FALSE(b.failed());
    }
    ASSERT_EQ(got_a.size(), kMessages);
    ASSERT_EQ(got_b.size(), kMessages);
    for (std::uint32_t i = 0; i < kMessages; ++i) {
        EXPECT_EQ(got_a[i], i);
        EXPECT_EQ(got_b[i], i);
    }
}

TEST(ReliableChannel, DeliversEverythingOnceInOrderOverAPerfectLink) {
    exchange_over(LinkProfile{}, 1);
}

TEST(ReliableChannel, DeliversEverythingOnceInOrderWith30PercentLossDuplicationAndReordering) {
    for (std::uint32_t seed = 1; seed <= 5; ++seed) {
        exchange_over(LinkProfile{0.3, 0.1, 0.3}, seed * 7919);
    }
}

}  // namespace
}  // namespace l2tp::control
