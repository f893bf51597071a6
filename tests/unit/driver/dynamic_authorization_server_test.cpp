// The RFC 5176 listener on loopback: a client's Disconnect-Request ends the sessions it selects
// and is ACKed, once even when retransmitted; one selecting nothing gets NAK 503; a forged one
// and one from an address not among the clients are dropped unanswered and counted.
#include "driver/dynamic_authorization_server.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "radius/authenticators.hpp"
#include "radius/packet.hpp"
#include "support/test_hex.hpp"

namespace l2tp::driver {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace radius;

using l2tp::testing::to_vector;

// A port free a moment ago on 127.0.0.1.
std::uint16_t free_port(asio::io_context& io) {
    udp::socket probe(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    return probe.local_endpoint().port();
}

std::vector<std::uint8_t> disconnect_request(std::uint8_t identifier, std::string_view user,
                                             std::string_view secret) {
    Packet request{
        PacketCode::kDisconnectRequest, identifier, {}, {make_text(attr::kUserName, user)}};
    std::vector<std::uint8_t> out;
    EXPECT_EQ(sign_request(request, to_vector(secret), out), EncodeFault::kNone);
    return out;
}

class DynamicAuthorizationServerTest : public ::testing::Test {
  protected:
    DynamicAuthorizationServerTest()
        : server_(io_, [this](const SessionSelector& s) -> std::size_t {
              selected_.push_back(s.user_name.value_or(""));
              return s.user_name == "alice" ? 1 : 0;
          }) {
        config_.listen = {"127.0.0.1"};
        config_.port = free_port(io_);
        config_.clients = {{"127.0.0.1", "billing"}};
        ppp::RadiusClientConfig radius;
        radius.nas_identifier = "lns1";
        server_.configure(config_, radius);
    }

    // Sends `datagram` from `client` and waits for the answer.
    Packet exchange(udp::socket& client, const std::vector<std::uint8_t>& datagram) {
        client.send_to(asio::buffer(datagram),
                       udp::endpoint(asio::ip::address_v4::loopback(), config_.port));
        std::array<std::uint8_t, 4096> answer{};
        std::size_t size = 0;
        client.async_receive(asio::buffer(answer),
                             [&](boost::system::error_code error, std::size_t n) {
                                 EXPECT_FALSE(error) << error.message();
                                 size = n;
                             });
        while (size == 0 && io_.run_one_for(std::chrono::seconds(5)) != 0) {
        }
        Packet packet;
        EXPECT_FALSE(decode_packet(wire::Bytes(answer.data(), size), packet));
        return packet;
    }

    asio::io_context io_;
    std::vector<std::string> selected_;
    config::DynamicAuthorizationConfig config_;
    DynamicAuthorizationServer server_;
};

TEST_F(DynamicAuthorizationServerTest, AcksOnceForARetransmittedRequest) {
    udp::socket client(io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    const auto request = disconnect_request(5, "alice", "billing");
    Packet request_packet;
    ASSERT_FALSE(decode_packet(request, request_packet));
    const Packet first = exchange(client, request);
    EXPECT_EQ(first.code, PacketCode::kDisconnectAck);
    EXPECT_EQ(first.identifier, 5);
    EXPECT_EQ(verify_response(first, request_packet.authenticator, to_vector("billing"),
                              MessageAuthenticator::kCheckIfPresent),
              Verdict::kAuthentic);
    EXPECT_EQ(exchange(client, request), first);
    EXPECT_EQ(selected_, std::vector<std::string>{"alice"});
    const DisconnectCounters& c = server_.counters();
    EXPECT_EQ(c.count(DisconnectOutcome::kAck), 1u);
    EXPECT_EQ(c.count(DisconnectOutcome::kDuplicate), 1u);
    EXPECT_EQ(c.sessions_disconnected, 1u);
}

TEST_F(DynamicAuthorizationServerTest, NothingSelectedIsNak503) {
    udp::socket client(io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    const Packet answer = exchange(client, disconnect_request(6, "bob", "billing"));
    EXPECT_EQ(answer.code, PacketCode::kDisconnectNak);
    ASSERT_NE(answer.find(attr::kErrorCause), nullptr);
    EXPECT_EQ(as_integer(*answer.find(attr::kErrorCause)), 503u);
    EXPECT_EQ(server_.counters().naks_by_cause.at(503), 1u);
    EXPECT_EQ(server_.counters().sessions_disconnected, 0u);
}

TEST_F(DynamicAuthorizationServerTest, ForgedAndStrangersRequestsAreDroppedUnanswered) {
    udp::socket stranger(io_, udp::endpoint(asio::ip::make_address_v4("127.0.0.2"), 0));
    stranger.send_to(asio::buffer(disconnect_request(1, "alice", "billing")),
                     udp::endpoint(asio::ip::address_v4::loopback(), config_.port));
    udp::socket client(io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    client.send_to(asio::buffer(disconnect_request(2, "alice", "guessed")),
                   udp::endpoint(asio::ip::address_v4::loopback(), config_.port));
    // The server reads in order: once this is answered, the two before it were read.
    const Packet answer = exchange(client, disconnect_request(3, "bob", "billing"));
    EXPECT_EQ(answer.identifier, 3);
    EXPECT_EQ(server_.counters().count(DisconnectOutcome::kUnknownClient), 1u);
    EXPECT_EQ(server_.counters().count(DisconnectOutcome::kBadAuthenticator), 1u);
    EXPECT_EQ(selected_, std::vector<std::string>{"bob"});
}

TEST_F(DynamicAuthorizationServerTest, AReloadedPortIsBoundAnew) {
    config_.port = free_port(io_);
    server_.configure(config_, {});
    EXPECT_EQ(server_.listeners(), 1u);
    udp::socket client(io_, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    EXPECT_EQ(exchange(client, disconnect_request(8, "alice", "billing")).code,
              PacketCode::kDisconnectAck);
}

TEST_F(DynamicAuthorizationServerTest, NoListenAddressStopsListening) {
    EXPECT_EQ(server_.listeners(), 1u);
    server_.configure({}, {});
    EXPECT_EQ(server_.listeners(), 0u);
}

}  // namespace
}  // namespace l2tp::driver
