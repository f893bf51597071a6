// The accounting relay's socket on loopback: radius.so's Start, signed with the relay's secret,
// is answered with an authentic Accounting-Response and handed over; a forged one is dropped
// unanswered and counted.
#include "driver/accounting_relay.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

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

Packet start_request(std::uint8_t identifier) {
    return {
        PacketCode::kAccountingRequest,
        identifier,
        {},
        {make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(AcctStatusType::kStart)),
         make_text(attr::kUserName, "alice"), make_integer(attr::kNasPort, 9)}};
}

TEST(AccountingRelay, AnswersAndHandsOverRadiusSosStartAndDropsAForgedOne) {
    asio::io_context io;
    std::optional<PppdStart> taken;
    AccountingRelay relay(io, [&](const PppdStart& start) { taken = start; });
    ASSERT_NE(relay.port(), 0);
    EXPECT_EQ(relay.secret().size(), 32u);

    udp::socket client(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    const udp::endpoint to(asio::ip::address_v4::loopback(), relay.port());
    Packet forged = start_request(1);
    std::vector<std::uint8_t> forged_octets;
    sign_request(forged, to_vector("not-the-secret"), forged_octets);
    client.send_to(asio::buffer(forged_octets), to);
    Packet good = start_request(2);
    std::vector<std::uint8_t> good_octets;
    sign_request(good, to_vector(relay.secret()), good_octets);
    client.send_to(asio::buffer(good_octets), to);

    std::array<std::uint8_t, 4096> answer{};
    std::size_t answer_size = 0;
    client.async_receive(asio::buffer(answer), [&](boost::system::error_code error, std::size_t n) {
        ASSERT_FALSE(error) << error.message();
        answer_size = n;
    });
    while (answer_size == 0 && io.run_one_for(std::chrono::seconds(5)) != 0) {
    }

    Packet response;
    ASSERT_FALSE(decode_packet(wire::Bytes(answer.data(), answer_size), response));
    EXPECT_EQ(response.identifier, 2);
    EXPECT_EQ(verify_response(response, good.authenticator, to_vector(relay.secret()),
                              MessageAuthenticator::kCheckIfPresent),
              Verdict::kAuthentic);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->nas_port, 9u);
    EXPECT_EQ(taken->user_name, "alice");
    EXPECT_EQ(relay.count(RelayVerdict::kBadAuthenticator), 1u);
    EXPECT_EQ(relay.count(RelayVerdict::kStart), 1u);
}

}  // namespace
}  // namespace l2tp::driver
