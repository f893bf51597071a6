// The driver carries out what the engine answers within the same event, including what a
// handler's own failure makes the engine say (ARCHITECTURE.md: actions out, at once).
#include "engine_driver.hpp"

#include <gtest/gtest.h>

#include "null_dataplane.hpp"

namespace l2tp::daemon {
namespace {

using namespace std::chrono_literals;

// A dataplane whose kernel refuses every tunnel.
class RefusingDataplane final : public engine::Dataplane {
  public:
    std::string_view name() const override { return "refusing"; }
    bool install_tunnel(const engine::InstallTunnel&) override { return false; }
    void remove_tunnel(const engine::RemoveTunnel&) override {}
    bool install_session(const engine::InstallSession&) override { return false; }
    bool start_ppp(const engine::StartPpp&) override { return false; }
    void remove_session(const engine::RemoveSession&) override {}
};

engine::TunnelProfile slow_retransmitting_v2() {
    engine::TunnelProfile p;
    p.version = wire::ProtocolVersion::kV2;
    // A StopCCN left behind would only go out with its first retransmission, 10 s later.
    p.channel.retransmit_initial = 10s;
    return p;
}

TEST(EngineDriver, StopCcnQueuedWhenTheDataplaneRefusesATunnelLeavesAtOnce) {
    boost::asio::io_context io;
    dataplane::NullDataplane null;
    RefusingDataplane refusing;
    const auto lac_address = engine::PeerEndpoint::ipv4(127, 0, 0, 1, 17901);
    const auto lns_address = engine::PeerEndpoint::ipv4(127, 0, 0, 1, 17902);
    engine::EngineConfig lns_config;
    lns_config.accept_v2 = slow_retransmitting_v2();
    EngineDriver lac(io, {}, null);
    EngineDriver lns(io, lns_config, refusing);
    lac.listen({lac_address}, false);
    lns.listen({lns_address}, false);
    const std::uint32_t id = lac.open_tunnel(lns_address, slow_retransmitting_v2()).value();
    // The LNS refuses the tunnel once the SCCCN arrives and sends StopCCN; the LAC's tunnel
    // is gone when it arrives. Bounded well below the 10 s a stranded StopCCN would take.
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    bool closed_by_peer = false;
    while (!closed_by_peer && std::chrono::steady_clock::now() < deadline) {
        io.run_for(10ms);
        const auto t = lac.engine().tunnel(id);
        closed_by_peer = t && t->state == engine::TunnelState::kClosing;
    }
    EXPECT_TRUE(closed_by_peer);
}

}  // namespace
}  // namespace l2tp::daemon
