// Bounded state: ID allocation, tunnel and session limits, half-open bounds, the send queue
// (RFC 2661 §4.4.2 and RFC 3931 §5.4.2 "insufficient resources" answers).
#include <gtest/gtest.h>

#include <unordered_set>

#include "fsm/id_allocation.hpp"
#include "l2tp/wire/control_message.hpp"
#include "support/engine_pair.hpp"
#include "support/sample_messages.hpp"

namespace l2tp::engine {
namespace {

using namespace l2tp::model;  // the vocabulary the engine is driven with

using namespace std::chrono_literals;
using fsm::allocate_id;
using l2tp::testing::EnginePair;
using l2tp::testing::first_action;
using l2tp::testing::minimal_v2_sccrq;

TunnelProfile v2() {
    TunnelProfile p;
    p.version = wire::ProtocolVersion::kV2;
    return p;
}

EngineConfig lns_config() {
    EngineConfig c;
    c.accept_v2 = v2();
    return c;
}

std::size_t count_removed(const std::vector<Action>& actions) {
    std::size_t n = 0;
    for (const Action& a : actions) {
        n += std::holds_alternative<RemoveTunnel>(a);
    }
    return n;
}

TEST(IdAllocation, FindsTheLastFreeIdOfAFullSixteenBitSpace) {
    const auto id = allocate_id(
        16, [](std::uint32_t candidate) { return candidate != 4242; }, wire::system_random());
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, 4242u);
}

TEST(IdAllocation, AFullSpaceYieldsNothingInsteadOfLoopingForever) {
    EXPECT_FALSE(allocate_id(16, [](std::uint32_t) { return true; }, wire::system_random()));
    EXPECT_FALSE(allocate_id(32, [](std::uint32_t) { return true; }, wire::system_random()));
}

TEST(IdAllocation, NeverZero) {
    std::unordered_set<std::uint32_t> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto id = allocate_id(
            16, [&](std::uint32_t c) { return seen.contains(c); }, wire::system_random());
        ASSERT_TRUE(id);
        EXPECT_NE(*id, 0u);
        seen.insert(*id);
    }
}

TEST(Limits, SccrqOverMaxTunnelsIsAnsweredWithStopCcn2And4) {
    EngineConfig config = lns_config();
    config.max_tunnels = 2;
    EnginePair pair({}, config);
    for (int i = 0; i < 3; ++i) {
        pair.a.open_tunnel(pair.address_b, v2(), pair.now);
    }
    ASSERT_TRUE(pair.run_until([&] { return count_removed(pair.actions_a) == 1; }, 5s));
    const auto* removed = first_action<RemoveTunnel>(pair.actions_a);
    EXPECT_EQ(removed->reason, CloseReason::kPeerStopCcn);
    EXPECT_EQ(removed->result_code, 2);
    EXPECT_EQ(removed->error_code, 4);  // insufficient resources
    EXPECT_EQ(pair.b.stats().refused_tunnel_limit, 1u);
    pair.run_for(60s);
    EXPECT_EQ(pair.b.tunnels().size(), 2u);  // the refused one is gone after its hold
}

TEST(Limits, OpenTunnelOverMaxTunnelsIsRefused) {
    EngineConfig config;
    config.max_tunnels = 1;
    Engine e(config);
    EXPECT_TRUE(e.open_tunnel(PeerEndpoint::ipv4(192, 0, 2, 9), v2(), {}));
    EXPECT_FALSE(e.open_tunnel(PeerEndpoint::ipv4(192, 0, 2, 9), v2(), {}));
    EXPECT_EQ(e.stats().refused_tunnel_limit, 1u);
}

// A tunnel up between A and B, B limited as given.
struct LimitedPair {
    explicit LimitedPair(EngineConfig b_config) : pair({}, std::move(b_config)) {
        tunnel = *pair.a.open_tunnel(pair.address_b, v2(), pair.now);
        EXPECT_TRUE(pair.run_until(
            [&] { return pair.a.tunnel(tunnel)->state == TunnelState::kEstablished; }, 5s));
    }
    EnginePair pair;
    std::uint32_t tunnel = 0;
};

TEST(Limits, IcrqOverMaxSessionsPerTunnelGetsCdn4) {
    EngineConfig config = lns_config();
    config.max_sessions_per_tunnel = 2;
    LimitedPair t(config);
    for (int i = 0; i < 3; ++i) {
        t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    }
    ASSERT_TRUE(t.pair.run_until(
        [&] { return first_action<RemoveSession>(t.pair.actions_a) != nullptr; }, 5s));
    const auto* cleared = first_action<RemoveSession>(t.pair.actions_a);
    EXPECT_TRUE(cleared->by_peer);
    EXPECT_EQ(cleared->result_code, 4);  // temporary lack of facilities
    EXPECT_EQ(t.pair.b.stats().refused_session_limit, 1u);
    t.pair.run_for(1s);
    EXPECT_EQ(t.pair.b.sessions(t.pair.b.tunnels().at(0).tunnel_id).size(), 2u);
}

TEST(Limits, MaxSessionsBoundsTheWholeEngine) {
    EngineConfig config;
    config.max_sessions = 1;
    EnginePair pair(config, lns_config());
    const std::uint32_t tunnel = *pair.a.open_tunnel(pair.address_b, v2(), pair.now);
    ASSERT_TRUE(pair.run_until(
        [&] { return pair.a.tunnel(tunnel)->state == TunnelState::kEstablished; }, 5s));
    EXPECT_TRUE(pair.a.place_call(tunnel, SessionParams{}, pair.now));
    EXPECT_FALSE(pair.a.place_call(tunnel, SessionParams{}, pair.now));
    EXPECT_EQ(pair.a.stats().refused_session_limit, 1u);
}

TEST(Limits, RefusedSccrqsStayCountedAgainstMaxHalfOpenWhileTheyClose) {
    EngineConfig config = lns_config();
    config.max_half_open = 10;
    Engine lns(config);
    // SCCRQs with Assigned Tunnel ID 0 are faulty: each is answered with StopCCN, and the
    // tunnel that carries the StopCCN is held for its retransmission.
    for (std::uint16_t port = 2000; port < 2050; ++port) {
        lns.on_datagram(minimal_v2_sccrq(0), PeerEndpoint::ipv4(192, 0, 2, 7, port), {});
    }
    EXPECT_EQ(lns.tunnels().size(), 10u);
    EXPECT_EQ(lns.stats().refused_half_open, 40u);
    for (model::Time t{}; lns.next_deadline(); t = *lns.next_deadline()) {
        lns.on_timer(t);
    }
    EXPECT_TRUE(lns.tunnels().empty());
    // Once they are gone the pool is free again.
    lns.on_datagram(minimal_v2_sccrq(5), PeerEndpoint::ipv4(192, 0, 2, 7, 3000), {});
    EXPECT_EQ(lns.tunnels().size(), 1u);
}

TEST(Limits, OneSourceCannotTakeTheWholeHalfOpenPool) {
    EngineConfig config = lns_config();
    config.max_half_open = 100;
    config.max_half_open_per_source = 5;
    Engine lns(config);
    for (std::uint16_t port = 2000; port < 2020; ++port) {
        lns.on_datagram(minimal_v2_sccrq(port), PeerEndpoint::ipv4(192, 0, 2, 7, port), {});
    }
    EXPECT_EQ(lns.tunnels().size(), 5u);
    EXPECT_EQ(lns.stats().refused_half_open_source, 15u);
    // Another host still gets in.
    lns.on_datagram(minimal_v2_sccrq(9), PeerEndpoint::ipv4(192, 0, 2, 8, 1701), {});
    EXPECT_EQ(lns.tunnels().size(), 6u);
}

TEST(Limits, PeerThatNeverOpensItsWindowLosesTheTunnel) {
    TunnelProfile lac = v2();
    lac.channel.max_queued_messages = 8;
    EnginePair pair({}, lns_config());
    const std::uint32_t tunnel = *pair.a.open_tunnel(pair.address_b, lac, pair.now);
    ASSERT_TRUE(pair.run_until(
        [&] { return pair.a.tunnel(tunnel)->state == TunnelState::kEstablished; }, 5s));
    pair.run_for(1s);
    // From now on nothing reaches A: its window to B never opens again.
    pair.lose_from_b = [](const std::vector<std::uint8_t>&) { return true; };
    for (int i = 0; i < 40; ++i) {
        pair.a.place_call(tunnel, SessionParams{}, pair.now);
    }
    EXPECT_EQ(pair.a.stats().send_queue_overflows, 1u);
    pair.run_for(1ms);
    const auto* removed = first_action<RemoveTunnel>(pair.actions_a);
    ASSERT_NE(removed, nullptr);
    EXPECT_EQ(removed->reason, CloseReason::kNoResources);
    EXPECT_EQ(removed->result_code, 2);
    EXPECT_EQ(removed->error_code, 4);
    EXPECT_LE(pair.a.tunnel(tunnel)->queued_messages, 8u);
}

}  // namespace
}  // namespace l2tp::engine
