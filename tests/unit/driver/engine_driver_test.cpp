// The driver carries out what the engine answers within the same event, including what a
// handler's own failure makes the engine say (docs/architecture.md: actions out, at once).
#include "driver/engine_driver.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <set>

#include "dataplane/null_dataplane.hpp"
#include "radius/authenticators.hpp"
#include "radius/packet.hpp"
#include "support/test_hex.hpp"

namespace l2tp::driver {
namespace {

using namespace std::chrono_literals;

// A dataplane whose kernel refuses every tunnel, or only every session.
class RefusingDataplane final : public dataplane::NullDataplane {
  public:
    explicit RefusingDataplane(bool tunnels = true) : tunnels_(tunnels) {}
    std::string_view name() const override { return "refusing"; }
    dataplane::Result<void> install_tunnel(const model::InstallTunnel&,
                                           const dataplane::TunnelSocket&) override {
        if (tunnels_) {
            return dataplane::Error::refusal("refused");
        }
        return {};
    }
    dataplane::Result<void> install_session(const model::InstallSession&) override {
        return dataplane::Error::of_call("L2TP_CMD_SESSION_CREATE", EEXIST);
    }
    dataplane::Result<int> open_ppp_channel(const model::StartPpp&) override {
        return dataplane::Error::refusal("refused");
    }

  private:
    bool tunnels_;
};

model::TunnelProfile slow_retransmitting_v2() {
    model::TunnelProfile p;
    p.version = wire::ProtocolVersion::kV2;
    // A StopCCN left behind would only go out with its first retransmission, 10 s later.
    p.channel.retransmit_initial = 10s;
    return p;
}

// Runs `io` until the LAC's tunnel `id` is closing because the LNS's StopCCN arrived, for at
// most 3 s: well below the 10 s a StopCCN left behind would take (slow_retransmitting_v2).
bool closed_by_peer_soon(boost::asio::io_context& io, EngineDriver& lac, std::uint32_t id) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        io.run_for(10ms);
        const auto t = lac.engine().tunnel(id);
        if (t && t->state == model::TunnelState::kClosing) {
            return true;
        }
    }
    return false;
}

// A clean stop with RADIUS accounting: Accounting-Off once nothing else is left (RFC 2866
// §5.1), and done only when the server answered it and the Accounting-On before it.
TEST(EngineDriver, ShutDownSendsAccountingOffAndWaitsForTheAnswers) {
    namespace asio = boost::asio;
    using asio::ip::udp;
    asio::io_context io;
    dataplane::NullDataplane null;
    EngineDriver driver(io, {}, null);
    udp::socket server(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    driver.enable_accounting([](const std::string&) { return std::string("lns"); });
    ppp::RadiusClientConfig radius;
    radius.servers = {{"127.0.0.1", 1812, server.local_endpoint().port(), "acct-secret"}};
    radius.timeout = 2;
    driver.accounting()->configure(radius);

    bool done = false;
    driver.shut_down(1s, [&done] { done = true; });
    std::vector<radius::Packet> requests;
    std::vector<udp::endpoint> senders;
    for (int i = 0; i < 2; ++i) {
        std::array<std::uint8_t, 4096> buffer{};
        udp::endpoint from;
        const std::size_t size = server.receive_from(asio::buffer(buffer), from);
        radius::Packet request;
        ASSERT_FALSE(radius::decode_packet(wire::Bytes(buffer.data(), size), request));
        requests.push_back(request);
        senders.push_back(from);
    }
    const auto status = [](const radius::Packet& p) {
        return radius::as_integer(*p.find(radius::attr::kAcctStatusType)).value_or(0);
    };
    EXPECT_EQ(status(requests[0]), 7u);  // Accounting-On, unanswered until now
    EXPECT_EQ(status(requests[1]), 8u);  // Accounting-Off
    io.run_for(100ms);
    EXPECT_FALSE(done);  // the answers are waited for
    for (std::size_t i = 0; i < requests.size(); ++i) {
        radius::Packet response{
            radius::PacketCode::kAccountingResponse, requests[i].identifier, {}, {}};
        std::vector<std::uint8_t> answer;
        radius::sign_response(response, requests[i].authenticator,
                              l2tp::testing::to_vector("acct-secret"), answer);
        server.send_to(asio::buffer(answer), senders[i]);
    }
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        io.run_for(10ms);
    }
    // The answers ended it: the drain's own bound is 8 s away (2 s × 3 tries + 2 s).
    EXPECT_TRUE(done);
}

TEST(EngineDriver, StopCcnQueuedWhenTheDataplaneRefusesATunnelLeavesAtOnce) {
    boost::asio::io_context io;
    dataplane::NullDataplane null;
    RefusingDataplane refusing;
    const auto lac_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17901);
    const auto lns_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17902);
    model::EngineConfig lns_config;
    lns_config.accept_v2 = slow_retransmitting_v2();
    EngineDriver lac(io, {}, null);
    EngineDriver lns(io, lns_config, refusing);
    lac.listen({lac_address}, false);
    lns.listen({lns_address}, false);
    const std::uint32_t id = lac.open_tunnel(lns_address, slow_retransmitting_v2()).value();
    // The LNS refuses the tunnel once the SCCCN arrives and sends StopCCN; the LAC's tunnel
    // is gone when it arrives.
    EXPECT_TRUE(closed_by_peer_soon(io, lac, id));
}

// The peer learns why: StopCCN Result 2, Error 4 (insufficient resources) with the datapath's
// words (RFC 2661 §4.4.2); a refused session is cleared with CDN 2/4 and its tunnel stays.
TEST(EngineDriver, DatapathFailuresReachThePeerWithResultCodeAndMessage) {
    for (const bool refuse_tunnels : {true, false}) {
        SCOPED_TRACE(refuse_tunnels ? "tunnel refused" : "session refused");
        boost::asio::io_context io;
        dataplane::NullDataplane null;
        RefusingDataplane refusing(refuse_tunnels);
        const auto lac_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17903);
        const auto lns_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17904);
        model::EngineConfig lns_config;
        lns_config.accept_v3 = model::TunnelProfile{};
        lns_config.accept_v3->version = wire::ProtocolVersion::kV3;
        EngineDriver lac(io, {}, null);
        EngineDriver lns(io, lns_config, refusing);
        lac.listen({lac_address}, false);
        lns.listen({lns_address}, false);
        std::optional<model::RemoveTunnel> tunnel_removed;
        std::optional<model::RemoveSession> session_removed;
        bool tunnel_up = false;
        lac.set_observer([&](const model::Action& a) {
            if (const auto* r = std::get_if<model::RemoveTunnel>(&a)) {
                tunnel_removed = *r;
            } else if (const auto* s = std::get_if<model::RemoveSession>(&a)) {
                session_removed = *s;
            } else if (std::holds_alternative<model::InstallTunnel>(a)) {
                tunnel_up = true;
            }
        });
        const std::uint32_t id = lac.open_tunnel(lns_address, *lns_config.accept_v3).value();
        const auto deadline = std::chrono::steady_clock::now() + 3s;
        bool session_placed = false;
        while (!tunnel_removed && !session_removed && std::chrono::steady_clock::now() < deadline) {
            io.run_for(10ms);
            if (tunnel_up && !session_placed && !refuse_tunnels) {
                model::SessionParams params;
                params.pseudowire_type = model::kPwEthernet;
                session_placed = lac.place_call(id, params).has_value();
            }
        }
        if (refuse_tunnels) {
            ASSERT_TRUE(tunnel_removed);
            EXPECT_EQ(tunnel_removed->reason, model::CloseReason::kPeerStopCcn);
            EXPECT_EQ(tunnel_removed->result_code, 2);
            EXPECT_EQ(tunnel_removed->error_code, 4);
            EXPECT_EQ(tunnel_removed->message, "datapath: refused");
        } else {
            ASSERT_TRUE(session_removed);
            EXPECT_TRUE(session_removed->by_peer);
            EXPECT_EQ(session_removed->result_code, 2);
            EXPECT_EQ(session_removed->error_code, 4);
            EXPECT_EQ(session_removed->message, "datapath: L2TP_CMD_SESSION_CREATE: File exists");
            EXPECT_FALSE(tunnel_removed);
            EXPECT_EQ(lac.engine().tunnel(id)->state, model::TunnelState::kEstablished);
        }
    }
}

// A datapath that takes the tunnel's own socket, as the kernel's does.
class SocketTakingDataplane final : public dataplane::NullDataplane {
  public:
    dataplane::Result<void> install_tunnel(const model::InstallTunnel&,
                                           const dataplane::TunnelSocket& socket) override {
        if (const auto fd = socket()) {
            taken.push_back(*fd);
        }
        return {};
    }
    std::vector<int> taken;
};

model::PeerEndpoint ipv6_loopback(std::uint16_t port) {
    model::PeerEndpoint e;
    e.family = model::PeerEndpoint::Family::kIpv6;
    e.address[15] = 1;
    e.port = port;
    return e;
}

// The port of a socket's local (or, with getpeername, remote) address, IPv4 or IPv6.
std::uint16_t port_of(int fd, decltype(&::getsockname) which) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (which(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return 0;
    }
    return address.ss_family == AF_INET6
               ? ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port)
               : ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
}

// On the shared port a tunnel gets a socket of its own only when its datapath asks for one:
// the LAC's null datapath never does, the LNS's gets one bound to the listener's address and
// port and connected to the LAC, and the tunnel's messages still flow (its StopCCN arrives).
// Once the tunnel closes that socket goes at once, before the closing hold ends: connected to
// the same four-tuple as other tunnels' (clients behind one NAT), it would take their data.
TEST(EngineDriver, SharedPortMakesATunnelSocketOnlyForADatapathThatAsks) {
    const std::pair<model::PeerEndpoint, model::PeerEndpoint> families[] = {
        {model::PeerEndpoint::ipv4(127, 0, 0, 1, 17907),
         model::PeerEndpoint::ipv4(127, 0, 0, 1, 17908)},
        {ipv6_loopback(17907), ipv6_loopback(17908)},
    };
    for (const auto& [lac_address, lns_address] : families) {
        SCOPED_TRACE(lns_address.to_string());
        boost::asio::io_context io;
        dataplane::NullDataplane null;
        SocketTakingDataplane taking;
        model::EngineConfig lns_config;
        lns_config.accept_v2 = model::TunnelProfile{};
        EngineDriver lac(io, {}, null);
        EngineDriver lns(io, lns_config, taking);
        lac.listen({lac_address}, false);
        lns.listen({lns_address}, false);
        const std::uint32_t id = lac.open_tunnel(lns_address, *lns_config.accept_v2).value();
        auto run_until = [&io](const auto& done) {
            const auto deadline = std::chrono::steady_clock::now() + 3s;
            while (!done() && std::chrono::steady_clock::now() < deadline) {
                io.run_for(10ms);
            }
            return done();
        };
        ASSERT_TRUE(run_until([&] { return taking.taken.size() == 1; }));
        EXPECT_EQ(lac.udp().tunnel_sockets(), 0u);
        EXPECT_EQ(lns.udp().tunnel_sockets(), 1u);
        EXPECT_EQ(port_of(taking.taken.front(), &::getsockname), lns_address.port);
        EXPECT_EQ(port_of(taking.taken.front(), &::getpeername), lac_address.port);
        std::optional<model::CloseReason> closed;
        lns.set_observer([&](const model::Action& a) {
            if (const auto* r = std::get_if<model::RemoveTunnel>(&a)) {
                closed = r->reason;
            }
        });
        lac.close_tunnel(id);
        ASSERT_TRUE(run_until([&] { return closed.has_value(); }));
        EXPECT_EQ(*closed, model::CloseReason::kPeerStopCcn);
        EXPECT_EQ(lns.udp().tunnel_sockets(), 0u);
    }
}

// A datapath that takes the tunnel's own socket and then refuses the tunnel, as the kernel's
// does with a second tunnel on one four-tuple.
class SocketTakingRefusingDataplane final : public dataplane::NullDataplane {
  public:
    dataplane::Result<void> install_tunnel(const model::InstallTunnel&,
                                           const dataplane::TunnelSocket& socket) override {
        taken = socket().has_value();
        return dataplane::Error::refusal("refused");
    }
    bool taken = false;
};

// The refused tunnel's socket on the shared port closes at once (it would take the datagrams
// of another tunnel with the same four-tuple); its StopCCN still reaches the peer, from the
// listener.
TEST(EngineDriver, ARefusedTunnelGivesUpItsSocketOnTheSharedPort) {
    boost::asio::io_context io;
    dataplane::NullDataplane null;
    SocketTakingRefusingDataplane refusing;
    const auto lac_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17909);
    const auto lns_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17910);
    model::EngineConfig lns_config;
    lns_config.accept_v2 = slow_retransmitting_v2();
    EngineDriver lac(io, {}, null);
    EngineDriver lns(io, lns_config, refusing);
    lac.listen({lac_address}, false);
    lns.listen({lns_address}, false);
    const std::uint32_t id = lac.open_tunnel(lns_address, slow_retransmitting_v2()).value();
    EXPECT_TRUE(closed_by_peer_soon(io, lac, id));
    EXPECT_TRUE(refusing.taken);
    EXPECT_EQ(lns.udp().tunnel_sockets(), 0u);
}

// Per-tunnel ports: each of the LNS's tunnels answers from a port of its own from the range
// (RFC 2661 §8.1), and the LAC goes on with that port.
TEST(EngineDriver, PerTunnelPortsGiveEveryTunnelItsOwnPortFromTheRange) {
    boost::asio::io_context io;
    dataplane::NullDataplane null;
    const auto lac_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17905);
    const auto lns_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17906);
    SocketTakingDataplane taking;
    model::EngineConfig lns_config;
    lns_config.accept_v2 = model::TunnelProfile{};
    EngineDriver lac(io, {}, null);
    EngineDriver lns(io, lns_config, taking, transport::TunnelPorts{true, 41000, 41009});
    lac.listen({lac_address}, false);
    lns.listen({lns_address}, false);
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(lac.open_tunnel(lns_address, *lns_config.accept_v2).value());
    }
    auto all_up = [&] {
        for (const std::uint32_t id : ids) {
            const auto t = lac.engine().tunnel(id);
            if (!t || t->state != model::TunnelState::kEstablished) {
                return false;
            }
        }
        return lns.engine().tunnels().size() == 3 && taking.taken.size() == 3;
    };
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (!all_up() && std::chrono::steady_clock::now() < deadline) {
        io.run_for(10ms);
    }
    ASSERT_TRUE(all_up());
    std::set<std::uint16_t> ports;
    for (const std::uint32_t id : ids) {
        const std::uint16_t port = lac.engine().tunnel(id)->peer.port;
        EXPECT_GE(port, 41000);
        EXPECT_LE(port, 41009);
        ports.insert(port);
    }
    EXPECT_EQ(ports.size(), 3u);
    for (const int fd : taking.taken) {
        EXPECT_TRUE(ports.contains(port_of(fd, &::getsockname)));
    }
}

}  // namespace
}  // namespace l2tp::driver
