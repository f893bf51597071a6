// The supervisor keeps configured tunnels and pseudowires up (persistent xconnects): dialled
// at start, placed once the tunnel is up, placed and dialled again after a back-off that
// doubles to a bound, changed by a reload without touching the others; a peer's LNS list
// dialled by preference, its calls spread and moved when an LNS fails, which is set aside.
#include "driver/supervisor.hpp"

#include <gtest/gtest.h>

#include "support/parse_config.hpp"

namespace l2tp::driver {
namespace {

using namespace std::chrono_literals;

using testing::parse_config;

constexpr std::string_view kConfig = R"(
profiles: {pe: {version: 3}}
peers:
  - {name: pe1, address: 192.0.2.20, profile: pe, connect: true}
  - {name: pe2, address: 192.0.2.30, profile: pe}
pseudowires:
  - {name: vc100, peer: pe1, interface: pw100}
  - {name: vc200, peer: pe1, interface: pw200}
  - {name: vc300, peer: pe2, interface: pw300}
)";

class SupervisorTest : public ::testing::Test {
  protected:
    Supervisor::Hooks hooks() {
        return Supervisor::Hooks{
            [this](const model::PeerEndpoint& to, const model::TunnelProfile&) {
                dialled.push_back(to.to_string());
                return std::optional<std::uint32_t>(next_tunnel++);
            },
            [this](std::uint32_t tunnel, const model::SessionParams& p) {
                placed.emplace_back(tunnel, p.remote_end_id);
                return std::optional<std::uint32_t>(next_session++);
            },
            [this](std::uint32_t tunnel, std::uint32_t session) {
                hung_up.emplace_back(tunnel, session);
            }};
    }
    const Supervisor::PseudowireStatus& status(const std::string& name) const {
        for (const auto& p : statuses = supervisor.pseudowires()) {
            if (p.config->name == name) {
                return p;
            }
        }
        throw std::runtime_error("no pseudowire " + name);
    }
    // Runs every wake-up due by `until`.
    void run_until(model::Time until) {
        while (const auto at = supervisor.next_deadline()) {
            if (*at > until) {
                break;
            }
            supervisor.on_timer(*at);
        }
    }
    // Configured at t0, pe1 dialled and its tunnel (10) up: its pseudowires are placed.
    void pe1_up() {
        supervisor.configure(parse_config(kConfig), t0);
        supervisor.on_timer(t0);
        supervisor.on_action(model::InstallTunnel{10, 77, wire::ProtocolVersion::kV3,
                                                  model::PeerEndpoint::ipv4(192, 0, 2, 20), ""},
                             t0);
        run_until(t0);
    }
    model::InstallSession session_up(std::uint32_t tunnel, std::uint32_t session,
                                     std::string end_id) {
        model::InstallSession s;
        s.tunnel_id = tunnel;
        s.session_id = session;
        s.remote_end_id = std::move(end_id);
        return s;
    }

    std::vector<std::string> dialled;
    std::vector<std::pair<std::uint32_t, std::string>> placed;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> hung_up;
    std::uint32_t next_tunnel = 10;
    std::uint32_t next_session = 100;
    Supervisor supervisor{hooks()};
    mutable std::vector<Supervisor::PseudowireStatus> statuses;
    model::Time t0{};
};

TEST_F(SupervisorTest, DialsConnectPeersAndPlacesTheirPseudowiresOnceTheTunnelIsUp) {
    supervisor.configure(parse_config(kConfig), t0);
    EXPECT_EQ(supervisor.on_timer(t0), 1u);
    EXPECT_EQ(dialled, std::vector<std::string>{"192.0.2.20:1701"});
    EXPECT_TRUE(placed.empty());  // not before the tunnel is up
    model::InstallTunnel up{10, 77, wire::ProtocolVersion::kV3,
                            model::PeerEndpoint::ipv4(192, 0, 2, 20), ""};
    supervisor.on_action(up, t0);
    run_until(t0);
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_EQ(placed[0], (std::pair<std::uint32_t, std::string>{10, "vc100"}));
    EXPECT_EQ(placed[1], (std::pair<std::uint32_t, std::string>{10, "vc200"}));
    supervisor.on_action(session_up(10, 100, "vc100"), t0);
    EXPECT_TRUE(status("vc100").up);
    EXPECT_FALSE(status("vc200").up);
    EXPECT_TRUE(status("vc100").we_place);
    EXPECT_FALSE(status("vc300").tunnel);  // pe2 has no tunnel
}

TEST_F(SupervisorTest, APseudowireThatGoesDownIsPlacedAgainWithDoublingBackOff) {
    pe1_up();
    ASSERT_EQ(placed.size(), 2u);  // vc100 as session 100, vc200 as 101
    model::RemoveSession refused{10, 101, true, 5, 0, "no such pseudowire"};
    supervisor.on_action(refused, t0);
    EXPECT_EQ(status("vc200").last_failure, "result 5, error 0 from the peer: no such pseudowire");
    run_until(t0 + 999ms);
    EXPECT_EQ(placed.size(), 2u);
    run_until(t0 + 1s);
    ASSERT_EQ(placed.size(), 3u);  // again after 1 s
    supervisor.on_action(model::RemoveSession{10, 102, true, 5, 0, {}}, t0 + 1s);
    run_until(t0 + 2999ms);
    EXPECT_EQ(placed.size(), 3u);
    run_until(t0 + 3s);
    EXPECT_EQ(placed.size(), 4u);  // then after 2 s
    supervisor.on_action(session_up(10, 103, "vc200"), t0 + 3s);
    EXPECT_TRUE(status("vc200").up);
    EXPECT_FALSE(supervisor.next_deadline());
}

TEST_F(SupervisorTest, ALostTunnelIsDialledAgainAndItsPseudowiresFollow) {
    supervisor.configure(parse_config(kConfig), t0);
    supervisor.on_timer(t0);
    const model::InstallTunnel up{10, 77, wire::ProtocolVersion::kV3,
                                  model::PeerEndpoint::ipv4(192, 0, 2, 20), ""};
    supervisor.on_action(up, t0);
    run_until(t0);
    supervisor.on_action(model::RemoveTunnel{10, model::CloseReason::kPeerUnreachable, 0, 0, {}},
                         t0);
    EXPECT_FALSE(status("vc100").tunnel);
    run_until(t0 + 1s);
    ASSERT_EQ(dialled.size(), 2u);
    // The redial fails too (never answered): the next one waits twice as long.
    supervisor.on_action(model::RemoveTunnel{11, model::CloseReason::kPeerUnreachable, 0, 0, {}},
                         t0 + 1s);
    run_until(t0 + 2999ms);
    EXPECT_EQ(dialled.size(), 2u);
    run_until(t0 + 3s);
    EXPECT_EQ(dialled.size(), 3u);
    supervisor.on_action(model::InstallTunnel{12, 78, wire::ProtocolVersion::kV3,
                                              model::PeerEndpoint::ipv4(192, 0, 2, 20), ""},
                         t0 + 3s);
    run_until(t0 + 3s);
    ASSERT_EQ(placed.size(), 4u);
    EXPECT_EQ(placed[2].first, 12u);
}

TEST_F(SupervisorTest, StandingDownNothingIsDialledOrPlacedAgain) {
    pe1_up();
    ASSERT_EQ(placed.size(), 2u);
    // SIGTERM: l2tpd closes its tunnel; the peer is `connect: true`, yet it stays closed.
    supervisor.stand_down();
    supervisor.on_action(model::RemoveTunnel{10, model::CloseReason::kLocalRequest, 0, 0, {}},
                         t0 + 1s);
    EXPECT_FALSE(supervisor.next_deadline());
    EXPECT_EQ(supervisor.on_timer(t0 + 2min), 0u);
    EXPECT_EQ(dialled.size(), 1u);
    EXPECT_EQ(placed.size(), 2u);
}

TEST_F(SupervisorTest, TheBackOffStopsGrowingAtItsBound) {
    supervisor.configure(parse_config(kConfig), t0);
    model::Time now = t0;
    model::Duration gap{};
    for (int i = 0; i < 12; ++i) {
        supervisor.on_timer(now);
        supervisor.on_action(
            model::RemoveTunnel{next_tunnel - 1, model::CloseReason::kPeerUnreachable, 0, 0, {}},
            now);
        const model::Time next = *supervisor.next_deadline();
        EXPECT_GE(next - now, gap);  // never shorter than the last
        gap = next - now;
        EXPECT_LE(gap, Supervisor::kLongestRetry);
        now = next;
    }
    EXPECT_EQ(gap, Supervisor::kLongestRetry);  // 1, 2, 4 ... 32, then 60 s
}

TEST_F(SupervisorTest, AReloadAddsAndRemovesPseudowiresWithoutTouchingTheOthers) {
    pe1_up();
    supervisor.on_action(session_up(10, 100, "vc100"), t0);
    supervisor.on_action(session_up(10, 101, "vc200"), t0);
    supervisor.configure(parse_config(R"(
profiles: {pe: {version: 3}}
peers:
  - {name: pe1, address: 192.0.2.20, profile: pe, connect: true}
pseudowires:
  - {name: vc100, peer: pe1, interface: pw100}
  - {name: vc400, peer: pe1, interface: pw400}
)"),
                         t0 + 1s);
    EXPECT_EQ(hung_up, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{10, 101}}));
    run_until(t0 + 1s);
    ASSERT_EQ(placed.size(), 3u);
    EXPECT_EQ(placed[2], (std::pair<std::uint32_t, std::string>{10, "vc400"}));
    EXPECT_TRUE(status("vc100").up);  // untouched
    EXPECT_EQ(dialled.size(), 1u);    // the tunnel too
    EXPECT_EQ(supervisor.pseudowires().size(), 2u);
}

TEST_F(SupervisorTest, ThePeersCallsAreFollowedByRemoteEndId) {
    supervisor.configure(parse_config(kConfig), t0);
    // pe2 dials us: its tunnel is matched by address, its call by Remote End ID.
    supervisor.on_action(model::InstallTunnel{20, 5, wire::ProtocolVersion::kV3,
                                              model::PeerEndpoint::ipv4(192, 0, 2, 30, 40000), ""},
                         t0);
    EXPECT_EQ(status("vc300").tunnel, 20u);
    EXPECT_FALSE(status("vc300").we_place);
    supervisor.on_action(session_up(20, 555, "vc300"), t0);
    EXPECT_TRUE(status("vc300").up);
    EXPECT_EQ(status("vc300").session, 555u);
    supervisor.on_action(model::RemoveSession{20, 555, true, 3, 0, {}}, t0);
    EXPECT_FALSE(status("vc300").up);
    run_until(t0 + 120s);
    EXPECT_TRUE(placed.empty());  // the peer places it again, not we
}

// The peer accepts a call and clears it at once (its datapath refused it): that is no
// recovery, and the retries keep backing off instead of coming every second.
TEST_F(SupervisorTest, ACallClearedAtOnceKeepsBackingOff) {
    pe1_up();
    model::Time now = t0;
    std::vector<model::Duration> gaps;
    for (int i = 0; i < 4; ++i) {
        const std::uint32_t session = placed.size() == 2 ? 101 : next_session - 1;
        supervisor.on_action(session_up(10, session, "vc200"), now);
        supervisor.on_action(model::RemoveSession{10, session, true, 2, 4, "File exists"},
                             now + 50ms);
        const model::Time next = *supervisor.next_deadline();
        gaps.push_back(next - (now + 50ms));
        run_until(next);
        now = next;
    }
    EXPECT_EQ(gaps, (std::vector<model::Duration>{1s, 2s, 4s, 8s}));
    // Up for longer than kStableAfter: the next retry comes after 1 s again.
    supervisor.on_action(session_up(10, next_session - 1, "vc200"), now);
    supervisor.on_action(model::RemoveSession{10, next_session - 1, true, 2, 4, {}}, now + 11s);
    EXPECT_EQ(*supervisor.next_deadline() - (now + 11s), 1s);
}

// The peer restarted and dialled again while its old tunnel was still held here: when the old
// one goes, its circuits move to the new tunnel and the peer's calls there are followed.
TEST_F(SupervisorTest, CircuitsMoveToThePeersNewTunnel) {
    supervisor.configure(parse_config(kConfig), t0);
    const auto pe2 = model::PeerEndpoint::ipv4(192, 0, 2, 30);
    supervisor.on_action(model::InstallTunnel{20, 5, wire::ProtocolVersion::kV3, pe2, ""}, t0);
    supervisor.on_action(session_up(20, 555, "vc300"), t0);
    supervisor.on_action(model::InstallTunnel{21, 6, wire::ProtocolVersion::kV3, pe2, ""}, t0 + 1s);
    supervisor.on_action(model::RemoveTunnel{20, model::CloseReason::kPeerUnreachable, 0, 0, {}},
                         t0 + 3s);
    EXPECT_FALSE(status("vc300").up);
    EXPECT_EQ(status("vc300").tunnel, 21u);
    supervisor.on_action(session_up(21, 777, "vc300"), t0 + 3s);
    EXPECT_TRUE(status("vc300").up);
    EXPECT_EQ(status("vc300").session, 777u);
}

// A LAC's peer with three LNSs: two that share the calls, one to fall back to.
constexpr std::string_view kFarm = R"(
profiles: {lac: {version: 3}}
peers:
  - name: farm
    profile: lac
    connect: true
    set_aside: 30
    lns:
      - {address: 192.0.2.2, preference: 1}
      - {address: 192.0.2.3, preference: 1}
      - {address: 192.0.2.4, preference: 2}
pseudowires:
  - {name: vc1, peer: farm, interface: pw1}
  - {name: vc2, peer: farm, interface: pw2}
  - {name: vc3, peer: farm, interface: pw3}
  - {name: vc4, peer: farm, interface: pw4}
)";

class LnsListTest : public SupervisorTest {
  protected:
    void up(std::uint32_t tunnel, std::uint8_t last_octet, model::Time at) {
        supervisor.on_action(
            model::InstallTunnel{tunnel, 1, wire::ProtocolVersion::kV3,
                                 model::PeerEndpoint::ipv4(192, 0, 2, last_octet), ""},
            at);
    }
    void down(std::uint32_t tunnel, model::CloseReason why, model::Time at) {
        supervisor.on_action(model::RemoveTunnel{tunnel, why, 0, 0, {}}, at);
    }
    const Supervisor::LnsStatus& lns(std::size_t index) {
        peer_statuses = supervisor.peers();
        return peer_statuses.at(0).lns.at(index);
    }
    // Configured at t0; .2 and .3 up as tunnels 10 and 11, the four calls placed.
    void both_up() {
        supervisor.configure(parse_config(kFarm), t0);
        supervisor.on_timer(t0);
        up(10, 2, t0);
        up(11, 3, t0);
        run_until(t0);
    }
    std::vector<Supervisor::PeerStatus> peer_statuses;
};

TEST_F(LnsListTest, EqualPreferencesAreAllDialledAndShareTheCalls) {
    supervisor.configure(parse_config(kFarm), t0);
    EXPECT_EQ(supervisor.on_timer(t0), 2u);
    EXPECT_EQ(dialled, (std::vector<std::string>{"192.0.2.2:1701", "192.0.2.3:1701"}));
    up(10, 2, t0 + 100ms);
    run_until(t0 + 100ms);
    EXPECT_TRUE(placed.empty());  // .3 is still being dialled: the first up takes not all
    up(11, 3, t0 + 300ms);
    run_until(t0 + 300ms);
    ASSERT_EQ(placed.size(), 4u);
    // Each call to the LNS carrying the fewest: the burst alternates.
    EXPECT_EQ(placed[0].first, 10u);
    EXPECT_EQ(placed[1].first, 11u);
    EXPECT_EQ(placed[2].first, 10u);
    EXPECT_EQ(placed[3].first, 11u);
    EXPECT_EQ(lns(0).sessions, 2u);
    EXPECT_EQ(lns(1).sessions, 2u);
    EXPECT_FALSE(lns(2).tunnel);  // the fallback is not dialled
    EXPECT_FALSE(lns(2).retry_at);
}

TEST_F(LnsListTest, CallsWaitForAnLnsBeingDialledForTwoSecondsAtMost) {
    supervisor.configure(parse_config(kFarm), t0);
    supervisor.on_timer(t0);
    up(10, 2, t0 + 100ms);  // .3 never answers
    run_until(t0 + 1999ms);
    EXPECT_TRUE(placed.empty());
    run_until(t0 + Supervisor::kSpreadWait);
    ASSERT_EQ(placed.size(), 4u);
    EXPECT_TRUE(std::ranges::all_of(placed, [](const auto& p) { return p.first == 10u; }));
}

TEST_F(LnsListTest, ADeadLnsIsSetAsideAndItsCallsGoToTheOther) {
    both_up();
    down(10, model::CloseReason::kPeerUnreachable, t0 + 5s);
    EXPECT_EQ(lns(0).set_aside_until, t0 + 35s);
    EXPECT_EQ(lns(0).last_failure, "tunnel closed: peer unreachable");
    run_until(t0 + 5s);
    ASSERT_EQ(placed.size(), 6u);
    EXPECT_EQ(placed[4].first, 11u);
    EXPECT_EQ(placed[5].first, 11u);
    EXPECT_EQ(dialled.size(), 2u);  // .2 is not dialled while set aside, .4 not needed
    run_until(t0 + 34s);
    EXPECT_EQ(dialled.size(), 2u);
    run_until(t0 + 35s);
    ASSERT_EQ(dialled.size(), 3u);
    EXPECT_EQ(dialled[2], "192.0.2.2:1701");
    // Back up: the next call goes to it, the one carrying the fewest.
    up(12, 2, t0 + 35s);
    EXPECT_EQ(supervisor.lns_to_dial("farm", t0 + 35s)->to_string(), "192.0.2.2:1701");
}

TEST_F(LnsListTest, TheFallbackTakesCallsOnlyWhenEveryBetterLnsIsAside) {
    supervisor.configure(parse_config(kFarm), t0);
    supervisor.on_timer(t0);  // .2 and .3 dialled as tunnels 10 and 11
    down(10, model::CloseReason::kSetupTimeout, t0 + 1s);
    run_until(t0 + 1s);
    EXPECT_EQ(dialled.size(), 2u);  // .3 is still being dialled
    down(11, model::CloseReason::kPeerStopCcn, t0 + 2s);
    run_until(t0 + 2s);
    ASSERT_EQ(dialled.size(), 3u);
    EXPECT_EQ(dialled[2], "192.0.2.4:1701");
    up(12, 4, t0 + 2s);
    run_until(t0 + 2s);
    ASSERT_EQ(placed.size(), 4u);
    EXPECT_TRUE(std::ranges::all_of(placed, [](const auto& p) { return p.first == 12u; }));
    // .2's set-aside ends: dialled again, and once up it is preferred to .4 for new calls.
    run_until(t0 + 31s);
    ASSERT_EQ(dialled.size(), 4u);
    EXPECT_EQ(dialled[3], "192.0.2.2:1701");
    up(13, 2, t0 + 31s);
    // vc1's call on .4 (session 100) ends: placed again, on .2 now, after waiting for .3,
    // whose set-aside ended at t0 + 32 s and which is dialled then.
    supervisor.on_action(model::RemoveSession{12, 100, true, 2, 0, {}}, t0 + 31s);
    run_until(t0 + 33s);
    EXPECT_EQ(placed.size(), 4u);
    EXPECT_EQ(dialled.size(), 5u);
    run_until(t0 + 34s);
    ASSERT_EQ(placed.size(), 5u);
    EXPECT_EQ(placed[4].first, 13u);
}

TEST_F(LnsListTest, ATieBreakerLossOrOurOwnRefusalSetsNoLnsAside) {
    both_up();
    // .2's SCCRQ met ours and won (RFC 2661 §4.4.3): ours is closed, .2 did not fail.
    down(10, model::CloseReason::kTieBreakerLost, t0 + 1s);
    EXPECT_FALSE(lns(0).set_aside_until);
    // We had no room for .3's tunnel: nor did .3 fail.
    down(11, model::CloseReason::kNoResources, t0 + 1s);
    EXPECT_FALSE(lns(1).set_aside_until);
    run_until(t0 + 2s);
    // Both dialled again after the back-off; the fallback stays unused.
    EXPECT_EQ(dialled, (std::vector<std::string>{"192.0.2.2:1701", "192.0.2.3:1701",
                                                 "192.0.2.2:1701", "192.0.2.3:1701"}));
}

TEST_F(LnsListTest, ACallRefusedWithResult4SetsTheLnsAside) {
    both_up();
    // 101 is vc2's call on tunnel 11 (.3): refused for want of facilities.
    supervisor.on_action(model::RemoveSession{11, 101, true, 4, 0, "no room"}, t0 + 1s);
    EXPECT_EQ(lns(1).set_aside_until, t0 + 31s);
    EXPECT_EQ(lns(1).last_failure, "call refused: CDN result 4");
    EXPECT_TRUE(lns(1).up);  // its tunnel stays
    run_until(t0 + 2s);
    ASSERT_EQ(placed.size(), 5u);
    EXPECT_EQ(placed[4], (std::pair<std::uint32_t, std::string>{10, "vc2"}));
}

TEST_F(LnsListTest, AnLnsThatRefusedTakesCallsAgainAfterItsSetAside) {
    supervisor.configure(parse_config(R"(
profiles: {lac: {version: 3}}
peers:
  - {name: farm, profile: lac, connect: true, set_aside: 30, lns: [192.0.2.2]}
pseudowires:
  - {name: vc1, peer: farm, interface: pw1}
)"),
                         t0);
    supervisor.on_timer(t0);
    up(10, 2, t0);
    run_until(t0);
    ASSERT_EQ(placed.size(), 1u);
    supervisor.on_action(model::RemoveSession{10, 100, true, 4, 0, {}}, t0 + 1s);
    run_until(t0 + 30s);
    EXPECT_EQ(placed.size(), 1u);  // the only LNS is set aside; its tunnel stays up
    run_until(t0 + 31s);
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_EQ(placed[1].first, 10u);
}

TEST_F(LnsListTest, AtMostSoManyCallsArePlacedAtOnce) {
    std::string config(kFarm.substr(0, kFarm.find("pseudowires:")));
    config += "pseudowires:\n";
    const std::size_t calls = Supervisor::kMaxCallsInFlight + 8;
    for (std::size_t i = 0; i < calls; ++i) {
        config += "  - {name: vc" + std::to_string(100 + i) + ", peer: farm, interface: pw" +
                  std::to_string(100 + i) + "}\n";
    }
    supervisor.configure(parse_config(config), t0);
    supervisor.on_timer(t0);
    up(10, 2, t0);
    up(11, 3, t0);
    run_until(t0);
    EXPECT_EQ(placed.size(), Supervisor::kMaxCallsInFlight);
    EXPECT_FALSE(supervisor.next_deadline());  // the rest wait for a call to come up
    supervisor.on_action(session_up(10, 100, "vc100"), t0 + 1s);
    ASSERT_TRUE(supervisor.next_deadline());
    run_until(t0 + 1s);
    EXPECT_EQ(placed.size(), Supervisor::kMaxCallsInFlight + 1);
}

// Calls placed by peer (`l2tpctl call add`): kept up across the peer's LNS list.
class PeerCallTest : public LnsListTest {
  protected:
    // .2 and .3 up with the four pseudowires (sessions 100-103); two calls added and placed.
    void two_calls() {
        both_up();
        model::SessionParams ppp;
        ppp.remote_end_id = "call";
        first = *supervisor.add_call("farm", ppp, t0);
        second = *supervisor.add_call("farm", ppp, t0);
        run_until(t0);
    }
    const Supervisor::CallStatus& call(std::uint32_t id) {
        call_statuses = supervisor.calls();
        for (const auto& c : call_statuses) {
            if (c.id == id) {
                return c;
            }
        }
        throw std::runtime_error("no call " + std::to_string(id));
    }
    std::uint32_t first = 0;
    std::uint32_t second = 0;
    std::vector<Supervisor::CallStatus> call_statuses;
};

TEST_F(PeerCallTest, ACallGoesToTheLnsCarryingTheFewestAndIsSpread) {
    two_calls();
    ASSERT_EQ(placed.size(), 6u);
    EXPECT_EQ(placed[4], (std::pair<std::uint32_t, std::string>{10, "call"}));
    EXPECT_EQ(placed[5], (std::pair<std::uint32_t, std::string>{11, "call"}));
    EXPECT_EQ(call(first).tunnel, 10u);
    EXPECT_EQ(call(first).session, 104u);
    EXPECT_EQ(call(first).placed, 1u);
    EXPECT_FALSE(call(first).up);
    supervisor.on_action(session_up(10, 104, "call"), t0);
    EXPECT_TRUE(call(first).up);
    EXPECT_EQ(supervisor.pseudowires().size(), 4u);  // calls are not pseudowires
}

TEST_F(PeerCallTest, ACallOfADeadTunnelIsPlacedAgainOnAnotherLns) {
    two_calls();
    supervisor.on_action(session_up(10, 104, "call"), t0);
    // Tunnel 10 (.2) dies: its calls end with it (no Result Code), then the tunnel.
    supervisor.on_action(model::RemoveSession{10, 104, false, 0, 0, "peer unreachable"}, t0 + 5s);
    supervisor.on_action(model::RemoveTunnel{10, model::CloseReason::kPeerUnreachable, 0, 0, {}},
                         t0 + 5s);
    run_until(t0 + 6s);
    EXPECT_EQ(call(first).tunnel, 11u);
    EXPECT_EQ(call(first).placed, 2u);
    EXPECT_EQ(call(first).last_failure, "result 0, error 0: peer unreachable");
    EXPECT_EQ(lns(1).sessions, 6u);  // every pseudowire and both calls
}

TEST_F(PeerCallTest, ACallRefusedWithResult4GoesToAnotherLns) {
    two_calls();
    supervisor.on_action(model::RemoveSession{11, 105, true, 4, 0, "no room"}, t0 + 1s);
    run_until(t0 + 2s);
    EXPECT_EQ(call(second).tunnel, 10u);
    EXPECT_EQ(call(second).placed, 2u);
}

TEST_F(PeerCallTest, ACallIsPlacedAgainWhateverEndedItUntilItIsEnded) {
    two_calls();
    // Its LNS cleared it, or its pppd exited (as one does when the LNS dies, before the tunnel
    // is found dead): placed again after the back-off, on the LNS chosen then.
    supervisor.on_action(model::RemoveSession{10, 104, true, 2, 0, "auth failed"}, t0 + 1s);
    supervisor.on_action(model::RemoveSession{11, 105, false, 1, 0, "pppd hangup"}, t0 + 1s);
    EXPECT_EQ(call(first).last_failure, "result 2, error 0 from the peer: auth failed");
    run_until(t0 + 1999ms);
    EXPECT_EQ(placed.size(), 6u);
    run_until(t0 + 2s);
    ASSERT_EQ(placed.size(), 8u);
    EXPECT_EQ(call(first).placed, 2u);
    EXPECT_EQ(call(second).placed, 2u);
    EXPECT_EQ(call(second).session, 107u);
    EXPECT_TRUE(supervisor.end_call(first));
    supervisor.on_action(model::RemoveSession{11, 107, false, 1, 0, {}}, t0 + 3s);
    run_until(t0 + 60s);
    EXPECT_EQ(placed.size(), 9u);  // the second again; the first no more
    EXPECT_EQ(supervisor.calls().size(), 1u);
}

TEST_F(PeerCallTest, EndingACallHangsItUpAndForgetsIt) {
    two_calls();
    EXPECT_TRUE(supervisor.end_call(first));
    EXPECT_EQ(hung_up, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{10, 104}}));
    EXPECT_FALSE(supervisor.end_call(first));
    ASSERT_EQ(supervisor.calls().size(), 1u);
    EXPECT_EQ(supervisor.calls()[0].id, second);
}

TEST_F(PeerCallTest, OnlyPeersThatAreDialledTakeCallsAndAtMostMaxSessions) {
    config::DaemonConfig config = parse_config(kConfig);
    config.max_sessions = 1;
    supervisor.configure(config, t0);
    EXPECT_FALSE(supervisor.add_call("pe2", {}, t0));  // pe2 dials us
    EXPECT_FALSE(supervisor.add_call("nosuch", {}, t0));
    EXPECT_TRUE(supervisor.add_call("pe1", {}, t0));
    EXPECT_FALSE(supervisor.add_call("pe1", {}, t0));
}

TEST_F(PeerCallTest, AReloadThatDropsThePeerHangsItsCallsUp) {
    two_calls();
    supervisor.configure(parse_config(kConfig), t0 + 1s);
    EXPECT_TRUE(supervisor.calls().empty());
    EXPECT_TRUE(std::ranges::find(hung_up, std::pair<std::uint32_t, std::uint32_t>{10, 104}) !=
                hung_up.end());
    EXPECT_TRUE(std::ranges::find(hung_up, std::pair<std::uint32_t, std::uint32_t>{11, 105}) !=
                hung_up.end());
}

}  // namespace
}  // namespace l2tp::driver
