// A session's accounting from its pppd's start to its end, against a server on loopback: the
// NAS-Port pppd is given, the Start sent once radius.so's Start (to the relay) names that port,
// with the call's facts, and the Stop with the first cause the driver noted; the daemon's own
// Accounting-On at the first configuration (not again at a reload) and Accounting-Off at a
// clean stop, whose answer drains the client.
#include "driver/session_accounting.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "dataplane/null_dataplane.hpp"
#include "radius/attribute_values.hpp"
#include "radius/authenticators.hpp"
#include "radius/packet.hpp"
#include "support/test_hex.hpp"

namespace l2tp::driver {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace radius;

using l2tp::testing::to_vector;

model::StartPpp call() {
    model::StartPpp s;
    s.tunnel_id = 5;
    s.session_id = 9;
    s.peer = model::PeerEndpoint::ipv4(198, 51, 100, 2);
    s.peer_host_name = "lac";
    s.calling_number = "5550100";
    s.called_number = "5550199";
    s.call_serial = 42;
    return s;
}

// radius.so's Start, as pppd sends it to the relay.
void send_pppd_start(udp::socket& pppd, const SessionAccounting& accounting,
                     std::uint32_t nas_port) {
    Packet start{
        PacketCode::kAccountingRequest,
        1,
        {},
        {make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(AcctStatusType::kStart)),
         make_text(attr::kUserName, "alice"), make_integer(attr::kNasPort, nas_port),
         make_ipv4_address(attr::kFramedIpAddress, Ipv4Address{10, 0, 0, 7})}};
    std::vector<std::uint8_t> datagram;
    sign_request(start, to_vector(accounting.relay().secret()), datagram);
    pppd.send_to(asio::buffer(datagram),
                 udp::endpoint(asio::ip::address_v4::loopback(), accounting.relay().port()));
}

Packet receive(udp::socket& server, udp::endpoint* from = nullptr) {
    std::array<std::uint8_t, 4096> buffer{};
    udp::endpoint sender;
    const std::size_t size = server.receive_from(asio::buffer(buffer), sender);
    if (from != nullptr) {
        *from = sender;
    }
    Packet request;
    EXPECT_FALSE(decode_packet(wire::Bytes(buffer.data(), size), request));
    return request;
}

std::uint32_t integer(const Packet& p, AttributeType type) {
    const Attribute* a = p.find(type);
    return a == nullptr ? 0 : as_integer(*a).value_or(0);
}

// The server's Accounting-Response to `request`, from `server` to `to`.
void acknowledge(udp::socket& server, const Packet& request, const udp::endpoint& to) {
    Packet response{PacketCode::kAccountingResponse, request.identifier, {}, {}};
    std::vector<std::uint8_t> answer;
    sign_response(response, request.authenticator, to_vector("acct-secret"), answer);
    server.send_to(asio::buffer(answer), to);
}

std::uint32_t status(const Packet& p) {
    return integer(p, attr::kAcctStatusType);
}

constexpr auto kOn = static_cast<std::uint32_t>(AcctStatusType::kAccountingOn);
constexpr auto kOff = static_cast<std::uint32_t>(AcctStatusType::kAccountingOff);

ppp::RadiusClientConfig config_for(const udp::socket& server) {
    ppp::RadiusClientConfig config;
    config.servers = {{"127.0.0.1", 1812, server.local_endpoint().port(), "acct-secret"}};
    config.nas_identifier = "lns1";
    config.nas_ip_address = "192.0.2.1";
    return config;
}

// A server on loopback and the accounting, not yet configured.
class SessionAccountingTest : public ::testing::Test {
  protected:
    asio::io_context io;
    udp::socket server{io, udp::endpoint(asio::ip::address_v4::loopback(), 0)};
    dataplane::NullDataplane dataplane;
    SessionAccounting accounting{io, dataplane};
};

TEST_F(SessionAccountingTest, StartsWhenRadiusSosStartNamesItsPortAndStopsForTheFirstCause) {
    accounting.configure(config_for(server));
    EXPECT_EQ(accounting.relay_address().port, accounting.relay().port());
    EXPECT_EQ(status(receive(server)), kOn);

    const SessionAccounting::SessionKey key{5, 9};
    EXPECT_EQ(accounting.begin(call(), {"192.0.2.1", "lns-host"}),
              (std::vector<std::string>{"avpair", "NAS-Port=1"}));
    ASSERT_TRUE(accounting.view(key));
    EXPECT_FALSE(accounting.view(key)->started);

    udp::socket pppd(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    send_pppd_start(pppd, accounting, 2);  // not ours: nothing is started
    send_pppd_start(pppd, accounting, 1);
    while (accounting.relay().count(RelayVerdict::kStart) < 2 &&
           io.run_one_for(std::chrono::seconds(5)) != 0) {
    }
    const Packet start = receive(server);
    EXPECT_EQ(
        verify_request(start, to_vector("acct-secret"), MessageAuthenticator::kCheckIfPresent),
        Verdict::kAuthentic);
    EXPECT_EQ(integer(start, attr::kAcctStatusType),
              static_cast<std::uint32_t>(AcctStatusType::kStart));
    EXPECT_EQ(integer(start, attr::kNasPort), 1u);
    EXPECT_EQ(as_text(*start.find(attr::kUserName)), "alice");
    EXPECT_EQ(as_text(*start.find(attr::kAcctTunnelConnection)), "42");
    EXPECT_EQ(as_text(*start.find(attr::kCallingStationId)), "5550100");
    ASSERT_TRUE(accounting.view(key));
    EXPECT_TRUE(accounting.view(key)->started);
    EXPECT_EQ(accounting.view(key)->user_name, "alice");
    EXPECT_EQ(accounting.view(key)->acct_session_id, as_text(*start.find(attr::kAcctSessionId)));

    // The LAC's CDN (Result 1, lost carrier) came first; the pppd stopped for it does not count.
    accounting.note_ending(key, {SessionEnding::Origin::kPeerCallDisconnect, 1, 0});
    accounting.note_ending(key, {SessionEnding::Origin::kPppdExit, 0, 0});
    accounting.end(key, {SessionEnding::Origin::kLocalFailure, 0, 0});
    const Packet stop = receive(server);
    EXPECT_EQ(integer(stop, attr::kAcctStatusType),
              static_cast<std::uint32_t>(AcctStatusType::kStop));
    EXPECT_EQ(integer(stop, attr::kAcctTerminateCause),
              static_cast<std::uint32_t>(AcctTerminateCause::kLostCarrier));
    EXPECT_FALSE(accounting.view(key));
    // Its NAS-Port is free again.
    EXPECT_EQ(accounting.begin(call(), {"192.0.2.1", "lns-host"}),
              (std::vector<std::string>{"avpair", "NAS-Port=1"}));
}

TEST_F(SessionAccountingTest, AccountingOnOnceAndOffDrainedByItsAnswer) {
    EXPECT_TRUE(accounting.drained());  // nothing configured: nothing to wait for
    accounting.configure(config_for(server));
    const Packet on = receive(server);
    EXPECT_EQ(status(on), kOn);
    EXPECT_EQ(as_text(*on.find(attr::kNasIdentifier)), "lns1");
    EXPECT_EQ(as_ipv4_address(*on.find(attr::kNasIpAddress)), (Ipv4Address{192, 0, 2, 1}));
    const std::string daemon_id(as_text(*on.find(attr::kAcctSessionId)));
    EXPECT_TRUE(daemon_id.ends_with("-00000000")) << daemon_id;
    EXPECT_FALSE(accounting.drained());  // the On is unanswered

    // A reload, to the same servers or others: no second Accounting-On, which would end the
    // sessions still up in the server's books.
    udp::socket other(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    accounting.configure(config_for(other));
    accounting.begin(call(), {"192.0.2.1", "lns-host"});
    udp::socket pppd(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    send_pppd_start(pppd, accounting, 1);
    while (accounting.relay().count(RelayVerdict::kStart) < 1 &&
           io.run_one_for(std::chrono::seconds(5)) != 0) {
    }
    EXPECT_EQ(status(receive(other)), static_cast<std::uint32_t>(AcctStatusType::kStart));
    accounting.end({5, 9}, {SessionEnding::Origin::kShutdown, 0, 0});
    EXPECT_EQ(status(receive(other)), static_cast<std::uint32_t>(AcctStatusType::kStop));

    bool drained = false;
    accounting.stop_accounting([&drained] { drained = true; });
    udp::endpoint from;
    const Packet off = receive(other, &from);
    EXPECT_EQ(status(off), kOff);
    EXPECT_EQ(as_text(*off.find(attr::kAcctSessionId)), daemon_id);
    // The Start and the Stop are still unanswered: answering the Off alone drains nothing.
    acknowledge(other, off, from);
    io.run_one_for(std::chrono::seconds(5));
    EXPECT_FALSE(drained);
    EXPECT_FALSE(accounting.drained());
}

TEST_F(SessionAccountingTest, OffAnsweredLastCallsDrained) {
    accounting.configure(config_for(server));
    bool drained = false;
    accounting.stop_accounting([&drained] { drained = true; });
    for (const std::uint32_t expected : {kOn, kOff}) {
        udp::endpoint from;
        const Packet request = receive(server, &from);
        EXPECT_EQ(status(request), expected);
        acknowledge(server, request, from);
    }
    while (!drained && io.run_one_for(std::chrono::seconds(5)) != 0) {
    }
    EXPECT_TRUE(drained);
    EXPECT_TRUE(accounting.drained());
}

}  // namespace
}  // namespace l2tp::driver
