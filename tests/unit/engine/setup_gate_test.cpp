// The engine's call admission at the pace calls come up (max_calls_setting_up, setup_gate.hpp):
// a call beyond the limit is acknowledged and answered only when a set-up under way comes up or
// ends; the held calls are bounded, withdrawn by the peer's CDN and timed out.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/engine_pair.hpp"

namespace l2tp::engine {
namespace {

using namespace l2tp::model;  // the vocabulary the engine is driven with

using namespace std::chrono_literals;
using l2tp::testing::EnginePair;

TunnelProfile v2() {
    TunnelProfile p;
    p.version = wire::ProtocolVersion::kV2;
    p.call_setup_timeout = 30s;
    return p;
}

// The LAC waits longer than the LNS: a call the LNS holds too long is the LNS's to clear.
TunnelProfile lac() {
    TunnelProfile p = v2();
    p.call_setup_timeout = 120s;
    return p;
}

EngineConfig gated_lns(std::size_t setting_up, std::size_t held = 1000) {
    EngineConfig c;
    c.accept_v2 = v2();
    c.max_calls_setting_up = setting_up;
    c.max_calls_held = held;
    return c;
}

// A tunnel up between A (the LAC) and B (the LNS, gated as given).
struct GatedPair {
    explicit GatedPair(EngineConfig b_config) : pair({}, std::move(b_config)) {
        tunnel = *pair.a.open_tunnel(pair.address_b, lac(), pair.now);
        EXPECT_TRUE(pair.run_until(
            [&] { return pair.a.tunnel(tunnel)->state == TunnelState::kEstablished; }, 5s));
        tunnel_b = pair.b.tunnels().at(0).tunnel_id;
    }
    std::size_t established(Engine& e, std::uint32_t t) {
        const auto sessions = e.sessions(t);
        return static_cast<std::size_t>(std::ranges::count_if(
            sessions, [](const auto& s) { return s.state == SessionState::kEstablished; }));
    }
    std::size_t established_a() { return established(pair.a, tunnel); }
    std::size_t established_b() { return established(pair.b, tunnel_b); }
    // B's established session (the one call answered), which the daemon would report up.
    std::uint32_t established_session_b() {
        for (const auto& s : pair.b.sessions(tunnel_b)) {
            if (s.state == SessionState::kEstablished) {
                return s.session_id;
            }
        }
        ADD_FAILURE() << "B has no established session";
        return 0;
    }

    EnginePair pair;
    std::uint32_t tunnel = 0;
    std::uint32_t tunnel_b = 0;
};

const RemoveSession* removed_by_peer(const std::vector<Action>& actions) {
    for (const Action& a : actions) {
        if (const auto* r = std::get_if<RemoveSession>(&a); r != nullptr && r->by_peer) {
            return r;
        }
    }
    return nullptr;
}

TEST(SetupGate, ACallBeyondTheLimitIsAcknowledgedAndAnsweredOnceOneComesUp) {
    GatedPair t(gated_lns(1));
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.run_for(10s);
    EXPECT_EQ(t.established_a(), 1u);
    EXPECT_EQ(t.pair.a.sessions(t.tunnel).size(), 2u);
    EXPECT_EQ(t.pair.b.stats().calls_held, 1u);
    // Held, not lost: B acknowledged the second ICRQ, so A never sent it again.
    EXPECT_EQ(t.pair.a.stats().retransmissions, 0u);

    t.pair.b.session_up(t.tunnel_b, t.established_session_b(), t.pair.now);
    EXPECT_TRUE(
        t.pair.run_until([&] { return t.established_a() == 2 && t.established_b() == 2; }, 5s));
}

TEST(SetupGate, ACallThatEndsMakesRoomAsOneThatComesUpDoes) {
    GatedPair t(gated_lns(1));
    const std::uint32_t first = *t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.run_for(10s);
    ASSERT_EQ(t.established_a(), 1u);
    t.pair.a.close_session(t.tunnel, first, t.pair.now);
    ASSERT_TRUE(t.pair.run_until(
        [&] {
            return t.established_a() == 1 && t.pair.a.sessions(t.tunnel).size() == 1 &&
                   t.established_b() == 1;
        },
        5s));
}

TEST(SetupGate, APeersCdnForAHeldCallEndsItAndItIsNeverAnswered) {
    GatedPair t(gated_lns(1));
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    const std::uint32_t second = *t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.run_for(10s);
    // A gives up on the call B holds: its CDN names only A's own session (RFC 2661 §5.4.4).
    t.pair.a.close_session(t.tunnel, second, t.pair.now);
    ASSERT_TRUE(t.pair.run_until([&] { return t.pair.b.sessions(t.tunnel_b).size() == 1; }, 5s));
    EXPECT_EQ(t.pair.b.stats().unknown_session, 0u);
    t.pair.b.session_up(t.tunnel_b, t.established_session_b(), t.pair.now);
    t.pair.run_for(5s);
    EXPECT_EQ(t.pair.b.sessions(t.tunnel_b).size(), 1u);
    EXPECT_EQ(t.pair.a.sessions(t.tunnel).size(), 1u);
}

TEST(SetupGate, ACallBeyondMaxCallsHeldGetsCdn4) {
    GatedPair t(gated_lns(1, 1));
    for (int i = 0; i < 3; ++i) {
        t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    }
    ASSERT_TRUE(t.pair.run_until([&] { return removed_by_peer(t.pair.actions_a) != nullptr; }, 5s));
    EXPECT_EQ(removed_by_peer(t.pair.actions_a)->result_code, 4);  // temporary lack of facilities
    EXPECT_EQ(t.pair.b.stats().calls_held, 1u);
    EXPECT_EQ(t.pair.b.stats().refused_calls_held, 1u);
    EXPECT_EQ(t.pair.b.sessions(t.tunnel_b).size(), 2u);
}

TEST(SetupGate, AHeldCallNotAnsweredWithinCallSetupTimeoutIsClearedWithCdn10) {
    GatedPair t(gated_lns(1));
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    ASSERT_TRUE(
        t.pair.run_until([&] { return removed_by_peer(t.pair.actions_a) != nullptr; }, 40s));
    // RFC 2661 §4.4.2 CDN Result 10: not established within the time allotted.
    EXPECT_EQ(removed_by_peer(t.pair.actions_a)->result_code, 10);
    EXPECT_EQ(t.established_a(), 1u);  // the first, established, stays
    t.pair.b.session_up(t.tunnel_b, t.established_session_b(), t.pair.now);
    t.pair.run_for(5s);
    EXPECT_EQ(t.pair.b.sessions(t.tunnel_b).size(), 1u);
}

TEST(SetupGate, TheHeldCallsOfATunnelThatGoesAreForgotten) {
    GatedPair t(gated_lns(1));
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.a.place_call(t.tunnel, SessionParams{}, t.pair.now);
    t.pair.run_for(10s);
    t.pair.a.close_tunnel(t.tunnel, t.pair.now);
    ASSERT_TRUE(t.pair.run_until([&] { return t.pair.b.sessions(t.tunnel_b).empty(); }, 5s));
    // A new tunnel's call is answered at once: nothing of the old one holds the gate.
    const std::uint32_t again = *t.pair.a.open_tunnel(t.pair.address_b, lac(), t.pair.now);
    ASSERT_TRUE(t.pair.run_until(
        [&] { return t.pair.a.tunnel(again)->state == TunnelState::kEstablished; }, 5s));
    t.pair.a.place_call(again, SessionParams{}, t.pair.now);
    ASSERT_TRUE(t.pair.run_until([&] { return t.established(t.pair.a, again) == 1; }, 5s));
    EXPECT_EQ(t.pair.b.stats().calls_held, 1u);
}

}  // namespace
}  // namespace l2tp::engine
