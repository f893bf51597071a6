// What the engine counts for the metrics: control messages by type, retransmissions, set-up
// times, and set-ups that failed, by the Result Code that ended them.
#include <gtest/gtest.h>

#include "support/engine_pair.hpp"

namespace l2tp::engine {
namespace {

using namespace l2tp::model;  // the vocabulary the engine is driven with

using namespace std::chrono_literals;
using l2tp::testing::EnginePair;
using l2tp::testing::first_action;
using l2tp::testing::LinkProfile;
using wire::MessageType;
using wire::ProtocolVersion;

TunnelProfile v2_profile(std::string secret = {}, bool challenge = false) {
    TunnelProfile p;
    p.version = ProtocolVersion::kV2;
    p.secret = std::move(secret);
    p.challenge = challenge;
    return p;
}

EngineConfig lns(const TunnelProfile& v2) {
    return EngineConfig{v2, std::nullopt, {}};
}

std::uint64_t sent(const Engine& e, MessageType type) {
    return e.stats().messages_sent.in_slot(static_cast<std::size_t>(type));
}

std::uint64_t received(const Engine& e, MessageType type) {
    return e.stats().messages_received.in_slot(static_cast<std::size_t>(type));
}

bool session_established(const Engine& e) {
    for (const auto& t : e.tunnels()) {
        for (const auto& s : e.sessions(t.tunnel_id)) {
            if (s.state == SessionState::kEstablished) {
                return true;
            }
        }
    }
    return false;
}

// A's tunnel to B, established; 0 if it was not within 5 s.
std::uint32_t open_established(EnginePair& pair) {
    const std::uint32_t id = *pair.a.open_tunnel(pair.address_b, v2_profile(), pair.now);
    const bool up = pair.run_until(
        [&] {
            const auto t = pair.a.tunnel(id);
            return t && t->state == TunnelState::kEstablished;
        },
        5s);
    return up ? id : 0;
}

TEST(EngineStats, ATunnelAndACallAreCountedByMessageTypeAndTimed) {
    EnginePair pair({}, lns(v2_profile()));  // 5 ms each way
    const std::uint32_t id = open_established(pair);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(pair.a.place_call(id, SessionParams{}, pair.now));
    ASSERT_TRUE(pair.run_until(
        [&] { return session_established(pair.a) && session_established(pair.b); }, 5s));
    pair.run_for(1s);  // the last acknowledgements

    EXPECT_EQ(sent(pair.a, MessageType::kSccrq), 1u);
    EXPECT_EQ(sent(pair.a, MessageType::kScccn), 1u);
    EXPECT_EQ(sent(pair.a, MessageType::kIcrq), 1u);
    EXPECT_EQ(sent(pair.a, MessageType::kIccn), 1u);
    EXPECT_EQ(received(pair.a, MessageType::kSccrp), 1u);
    EXPECT_EQ(received(pair.a, MessageType::kIcrp), 1u);
    EXPECT_EQ(received(pair.b, MessageType::kSccrq), 1u);
    EXPECT_EQ(received(pair.b, MessageType::kScccn), 1u);
    EXPECT_EQ(received(pair.b, MessageType::kIcrq), 1u);
    EXPECT_EQ(received(pair.b, MessageType::kIccn), 1u);
    EXPECT_EQ(sent(pair.b, MessageType::kSccrp), 1u);
    EXPECT_EQ(sent(pair.b, MessageType::kIcrp), 1u);
    // Every datagram a side sent is counted once, as its type or as a ZLB; each ZLB arrived.
    const auto total = [](const MessageTypeCounts& c) {
        std::uint64_t sum = 0;
        for (std::size_t slot = 0; slot < MessageTypeCounts::kSlots; ++slot) {
            sum += c.in_slot(slot);
        }
        return sum;
    };
    EXPECT_EQ(total(pair.a.stats().messages_sent), pair.sent_by_a.size());
    EXPECT_EQ(total(pair.b.stats().messages_sent), pair.sent_by_b.size());
    EXPECT_GE(pair.b.stats().messages_sent.in_slot(MessageTypeCounts::kZlbSlot), 1u);
    EXPECT_EQ(pair.a.stats().messages_received.in_slot(MessageTypeCounts::kZlbSlot),
              pair.b.stats().messages_sent.in_slot(MessageTypeCounts::kZlbSlot));
    EXPECT_EQ(pair.a.stats().retransmissions, 0u);

    // A: SCCRQ out at 0, its SCCCN (the last message) acknowledged 20 ms later. B: SCCRQ in
    // at 5 ms, SCCCN in at 15 ms.
    const LatencyHistogram& a_tunnels = pair.a.stats().tunnel_setup_latency[ProtocolVersion::kV2];
    EXPECT_EQ(a_tunnels.count(), 1u);
    EXPECT_NEAR(a_tunnels.sum_seconds(), 0.020, 1e-9);
    EXPECT_EQ(pair.b.stats().tunnel_setup_latency[ProtocolVersion::kV2].count(), 1u);
    EXPECT_NEAR(pair.b.stats().tunnel_setup_latency[ProtocolVersion::kV2].sum_seconds(), 0.010,
                1e-9);
    // The call: ICRQ to its ICCN acknowledged (A, the LAC), ICRQ to ICCN received (B).
    const LatencyHistogram& a_calls = pair.a.stats().session_setup_latency[ProtocolVersion::kV2];
    EXPECT_EQ(a_calls.count(), 1u);
    EXPECT_NEAR(a_calls.sum_seconds(), 0.020, 1e-9);
    EXPECT_EQ(a_calls.in_slot(4), 1u);  // above 10 ms, at most 25 ms
    EXPECT_NEAR(pair.b.stats().session_setup_latency[ProtocolVersion::kV2].sum_seconds(), 0.010,
                1e-9);
    // An outgoing call placed by B: A, the LAC, answers OCRP and OCCN at once; its set-up ends
    // when B acknowledges the OCCN, 10 ms after the OCRQ arrived, not at once.
    SessionParams outgoing;
    outgoing.direction = CallDirection::kOutgoing;
    ASSERT_TRUE(pair.b.place_call(pair.b.tunnels().at(0).tunnel_id, outgoing, pair.now));
    pair.run_for(1s);
    EXPECT_EQ(a_calls.count(), 2u);
    EXPECT_NEAR(a_calls.sum_seconds(), 0.030, 1e-9);
    EXPECT_EQ(pair.a.stats().tunnel_setup_latency[ProtocolVersion::kV3].count(), 0u);
}

TEST(EngineStats, LatencyBucketsHoldEachObservationOnceAndTheRestAboveTheLastBound) {
    LatencyHistogram h;
    h.observe(1ms);   // the first bound exactly
    h.observe(3ms);   // above 2.5 ms
    h.observe(100s);  // above every bound
    EXPECT_EQ(h.in_slot(0), 1u);
    EXPECT_EQ(h.in_slot(2), 1u);
    EXPECT_EQ(h.in_slot(LatencyHistogram::kBoundsSeconds.size()), 1u);
    EXPECT_EQ(h.count(), 3u);
    EXPECT_NEAR(h.sum_seconds(), 100.004, 1e-9);
}

TEST(EngineStats, RetransmissionsAndAnUnreachablePeerAreCounted) {
    EnginePair pair({}, lns(v2_profile()), LinkProfile{1.0});
    (void)pair.a.open_tunnel(pair.address_b, v2_profile(), pair.now);
    ASSERT_TRUE(
        pair.run_until([&] { return first_action<RemoveTunnel>(pair.actions_a) != nullptr; }, 60s));
    // RFC 2661 §5.8 defaults: the SCCRQ and five retransmissions, then the tunnel is cleared
    // without a StopCCN: a set-up failure with no Result Code.
    EXPECT_EQ(pair.a.stats().retransmissions, 5u);
    EXPECT_EQ(sent(pair.a, MessageType::kSccrq), 6u);
    const ResultCodeCounts& failures = pair.a.stats().tunnel_setup_failures[ProtocolVersion::kV2];
    EXPECT_EQ(failures.in_slot(ResultCodeCounts::kNoneSlot), 1u);
    EXPECT_EQ(pair.a.stats().stopccn_sent.in_slot(ResultCodeCounts::kNoneSlot), 0u);
}

TEST(EngineStats, ARefusedSetUpIsCountedByItsResultCodeOnBothSides) {
    EnginePair pair({}, lns(v2_profile("lns-secret", true)));
    (void)pair.a.open_tunnel(pair.address_b, v2_profile("lac-secret", true), pair.now);
    ASSERT_TRUE(
        pair.run_until([&] { return first_action<RemoveTunnel>(pair.actions_b) != nullptr; }, 5s));
    // A refuses B's challenge response: StopCCN Result 4, "not authorized" (RFC 2661 §4.4.2).
    EXPECT_EQ(pair.a.stats().stopccn_sent.in_slot(4), 1u);
    EXPECT_EQ(pair.a.stats().tunnel_setup_failures[ProtocolVersion::kV2].in_slot(4), 1u);
    EXPECT_EQ(pair.b.stats().stopccn_received.in_slot(4), 1u);
    EXPECT_EQ(pair.b.stats().tunnel_setup_failures[ProtocolVersion::kV2].in_slot(4), 1u);
    EXPECT_EQ(pair.a.stats().tunnel_setup_latency[ProtocolVersion::kV2].count(), 0u);
    EXPECT_EQ(ResultCodeCounts::slot_name(4), "4");
}

TEST(EngineStats, ARefusedCallIsCountedByItsCdnResultCode) {
    EngineConfig config = lns(v2_profile());
    config.max_sessions_per_tunnel = 1;
    EnginePair pair({}, config);
    const std::uint32_t id = open_established(pair);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(pair.a.place_call(id, SessionParams{}, pair.now));
    ASSERT_TRUE(pair.a.place_call(id, SessionParams{}, pair.now));
    ASSERT_TRUE(
        pair.run_until([&] { return first_action<RemoveSession>(pair.actions_a) != nullptr; }, 5s));
    // B has room for one call: the second gets CDN Result 4 (RFC 2661 §4.4.2).
    EXPECT_EQ(pair.b.stats().cdn_sent.in_slot(4), 1u);
    EXPECT_EQ(pair.a.stats().cdn_received.in_slot(4), 1u);
    EXPECT_EQ(pair.a.stats().session_setup_failures[ProtocolVersion::kV2].in_slot(4), 1u);
    // B never made a session of it: a refusal (refused_session_limit), not a failed set-up.
    EXPECT_EQ(pair.b.stats().refused_session_limit, 1u);
    EXPECT_EQ(MessageTypeCounts::slot_name(static_cast<std::size_t>(MessageType::kCdn)), "CDN");
    EXPECT_EQ(MessageTypeCounts::slot_name(MessageTypeCounts::kZlbSlot), "ZLB");
}

}  // namespace
}  // namespace l2tp::engine
