// l2tpctl reload's effect on a running daemon (docs/configuration.md "Reloading"): which
// tunnels close, which peers are dialled, what needs a restart. The driver listens on nothing:
// tunnels are opened (SCCRQ sent into the void) and stay in wait-ctl-reply, enough to be owned.
#include "driver/config_reload.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "dataplane/null_dataplane.hpp"
#include "support/parse_config.hpp"

namespace l2tp::driver {
namespace {

using testing::parse_config;

constexpr std::string_view kRunning = R"(
profiles: {v2: {version: 2}, v3: {version: 3}}
peers:
  - {name: a, address: 192.0.2.10, profile: v2}
  - {name: a3, address: 192.0.2.10, profile: v3}
  - {name: b, address: 192.0.2.11, profile: v2}
)";

class Reload : public ::testing::Test {
  protected:
    // Opens a tunnel to the named peer of the running configuration.
    std::uint32_t open(const std::string& name) {
        for (const auto& p : running.peers) {
            if (p.name == name) {
                return driver.open_tunnel(*p.address, running.profiles.at(p.profile)).value();
            }
        }
        ADD_FAILURE() << "no peer " << name;
        return 0;
    }
    model::TunnelState state(std::uint32_t id) const { return driver.engine().tunnel(id)->state; }

    boost::asio::io_context io;
    dataplane::NullDataplane dataplane;
    config::DaemonConfig running = parse_config(kRunning);
    EngineDriver driver{io, running.engine_config(), dataplane};
    Supervisor supervisor{hooks_for(driver)};
};

TEST_F(Reload, ARemovedPeerLosesItsOwnTunnelsOnly) {
    const std::uint32_t a = open("a");
    const std::uint32_t a3 = open("a3");
    const std::uint32_t b = open("b");
    const auto outcome = apply_config(driver, supervisor, running, parse_config(R"(
profiles: {v2: {version: 2}, v3: {version: 3}}
peers:
  - {name: a3, address: 192.0.2.10, profile: v3}
  - {name: b, address: 192.0.2.11, profile: v2}
)"));
    EXPECT_EQ(outcome.peers_removed, std::vector<std::string>{"a"});
    EXPECT_TRUE(outcome.peers_added.empty());
    EXPECT_EQ(outcome.tunnels_closed, 1u);
    EXPECT_EQ(state(a), model::TunnelState::kClosing);
    // Same address, other version: another peer's tunnel.
    EXPECT_EQ(state(a3), model::TunnelState::kWaitCtlReply);
    EXPECT_EQ(state(b), model::TunnelState::kWaitCtlReply);
    EXPECT_TRUE(outcome.needs_restart.empty());
}

TEST_F(Reload, AMovedPeerIsRemovedAndAddedAndDialledWhenItConnects) {
    const std::uint32_t b = open("b");
    const auto outcome = apply_config(driver, supervisor, running, parse_config(R"(
profiles: {v2: {version: 2}, v3: {version: 3}}
peers:
  - {name: a, address: 192.0.2.10, profile: v2}
  - {name: a3, address: 192.0.2.10, profile: v3}
  - {name: b, address: 192.0.2.12, profile: v2, connect: true}
)"));
    EXPECT_EQ(outcome.peers_removed, std::vector<std::string>{"b"});
    EXPECT_EQ(outcome.peers_added, std::vector<std::string>{"b"});
    EXPECT_EQ(outcome.tunnels_closed, 1u);
    EXPECT_EQ(outcome.tunnels_opened, 1u);
    EXPECT_EQ(state(b), model::TunnelState::kClosing);
    const auto tunnels = driver.engine().tunnels();
    EXPECT_TRUE(std::any_of(tunnels.begin(), tunnels.end(), [](const model::TunnelInfo& t) {
        return t.peer.to_string() == "192.0.2.12:1701" &&
               t.state == model::TunnelState::kWaitCtlReply;
    }));
}

TEST_F(Reload, ChangedProfilesLeaveTunnelsAloneAndBoundSettingsNeedARestart) {
    const std::uint32_t a = open("a");
    const auto outcome = apply_config(driver, supervisor, running, parse_config(R"(
listen: ["192.0.2.1"]
ip_encapsulation: false
metrics: {listen: "127.0.0.1:9641"}
profiles: {v2: {version: 2, hello_interval: 5}, v3: {version: 3}}
peers:
  - {name: a, address: 192.0.2.10, profile: v2}
  - {name: a3, address: 192.0.2.10, profile: v3}
  - {name: b, address: 192.0.2.11, profile: v2}
)"));
    EXPECT_TRUE(outcome.peers_removed.empty());
    EXPECT_TRUE(outcome.peers_added.empty());
    EXPECT_EQ(outcome.tunnels_closed, 0u);
    EXPECT_EQ(state(a), model::TunnelState::kWaitCtlReply);
    EXPECT_EQ(outcome.needs_restart,
              (std::vector<std::string>{"listen", "ip_encapsulation", "metrics"}));
}

// The listeners read marks from their start on: turning marks on or off is for a restart.
TEST_F(Reload, IpsecMarksNeedARestart) {
    const auto outcome = apply_config(driver, supervisor, running,
                                      parse_config(std::string(kRunning) + "ipsec_marks: true\n"));
    EXPECT_EQ(outcome.needs_restart, std::vector<std::string>{"ipsec_marks"});
}

TEST_F(Reload, PoolsTakeTheirNewRanges) {
    driver.enable_ppp([](const std::string&) { return ppp::PppdOptions{}; }, {});
    driver.ppp()->set_pools(running.pools);
    apply_config(driver, supervisor, running, parse_config(std::string(kRunning) + R"(
pools:
  clients: {ranges: [10.10.0.10-10.10.0.19], local: 10.10.0.1}
)"));
    const auto& pools = driver.ppp()->pools().pools();
    ASSERT_TRUE(pools.contains("clients"));
    EXPECT_EQ(pools.at("clients").size(), 10u);
    EXPECT_EQ(pools.at("clients").free(), 10u);
}

}  // namespace
}  // namespace l2tp::driver
