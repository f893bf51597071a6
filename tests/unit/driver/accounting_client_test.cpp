// The accounting client against a server on loopback: the record arrives signed with the
// server's secret (RFC 2866 §3); an answer signed with another secret is counted and ignored,
// the authentic one completes the record.
#include "driver/accounting_client.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "radius/attribute_values.hpp"
#include "radius/authenticators.hpp"
#include "support/test_hex.hpp"

namespace l2tp::driver {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace radius;

using l2tp::testing::to_vector;

TEST(AccountingClient, SendsTheSignedRecordAndTakesOnlyAnAuthenticAnswer) {
    asio::io_context io;
    udp::socket server(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    ppp::RadiusClientConfig config;
    config.servers = {{"127.0.0.1", 1812, server.local_endpoint().port(), "acct-secret"}};
    AccountingClient client(io, config, AccountingSchedule{});
    ASSERT_TRUE(client.send(
        {make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(AcctStatusType::kStart)),
         make_text(attr::kAcctSessionId, "5F5E1000-00000001"),
         make_integer(attr::kAcctDelayTime, 0)}));

    std::array<std::uint8_t, 4096> buffer{};
    udp::endpoint from;
    const std::size_t size = server.receive_from(asio::buffer(buffer), from);
    Packet request;
    ASSERT_FALSE(decode_packet(wire::Bytes(buffer.data(), size), request));
    EXPECT_EQ(request.code, PacketCode::kAccountingRequest);
    EXPECT_EQ(
        verify_request(request, to_vector("acct-secret"), MessageAuthenticator::kCheckIfPresent),
        Verdict::kAuthentic);
    EXPECT_EQ(as_text(*request.find(attr::kAcctSessionId)), "5F5E1000-00000001");

    for (const std::string_view secret : {"wrong", "acct-secret"}) {
        Packet response{PacketCode::kAccountingResponse, request.identifier, {}, {}};
        std::vector<std::uint8_t> answer;
        sign_response(response, request.authenticator, to_vector(secret), answer);
        server.send_to(asio::buffer(answer), from);
    }
    while (client.scheduler().in_flight() != 0 && io.run_one_for(std::chrono::seconds(5)) != 0) {
    }
    EXPECT_EQ(client.scheduler().in_flight(), 0u);
    EXPECT_EQ(client.bad_responses(), 1u);
    EXPECT_EQ(client.scheduler().counters(0).requests, 1u);
    EXPECT_EQ(client.scheduler().counters(0).responses, 1u);
}

}  // namespace
}  // namespace l2tp::driver
