// The accounting relay's reading of radius.so's Accounting-Requests: signed with the relay's
// secret or dropped, answered with a valid Accounting-Response, and from a Start the User-Name,
// every Class, the Framed-IP-Address and the first NAS-Port (ours; radiusclient appends its
// own after it).
#include "radius/relayed_accounting.hpp"

#include <gtest/gtest.h>

#include "radius/attribute_values.hpp"
#include "radius/authenticators.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {
namespace {

const std::vector<std::uint8_t> kSecret{'r', 'e', 'l', 'a', 'y'};

std::vector<std::uint8_t> signed_request(std::vector<Attribute> attributes,
                                         const std::vector<std::uint8_t>& secret = kSecret,
                                         PacketCode code = PacketCode::kAccountingRequest) {
    Packet request{code, 42, {}, std::move(attributes)};
    std::vector<std::uint8_t> out;
    EXPECT_EQ(sign_request(request, secret, out), EncodeFault::kNone);
    return out;
}

Attribute status(AcctStatusType type) {
    return make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(type));
}

std::vector<Attribute> radius_so_start() {
    return {status(AcctStatusType::kStart),
            make_text(attr::kUserName, "alice"),
            make_octets(attr::kClass, std::vector<std::uint8_t>{1, 2}),
            make_ipv4_address(attr::kFramedIpAddress, {10, 0, 0, 7}),
            make_octets(attr::kClass, std::vector<std::uint8_t>{3}),
            make_integer(attr::kNasPort, 17),
            make_integer(attr::kNasPort, 0)};
}

// The answer is an Accounting-Response to this request, signed with the relay's secret.
void expect_answered(const std::vector<std::uint8_t>& request_octets,
                     const RelayedRequest& relayed) {
    Packet request;
    ASSERT_FALSE(decode_packet(request_octets, request));
    Packet response;
    ASSERT_FALSE(decode_packet(relayed.response, response));
    EXPECT_EQ(response.code, PacketCode::kAccountingResponse);
    EXPECT_EQ(response.identifier, request.identifier);
    EXPECT_EQ(verify_response(response, request.authenticator, kSecret,
                              MessageAuthenticator::kCheckIfPresent),
              Verdict::kAuthentic);
}

TEST(RelayedAccounting, AStartGivesWhatOnlyPppdKnows) {
    const auto request = signed_request(radius_so_start());
    const RelayedRequest relayed = relay_accounting_request(request, kSecret);
    EXPECT_EQ(relayed.verdict, RelayVerdict::kStart);
    expect_answered(request, relayed);
    ASSERT_TRUE(relayed.start);
    EXPECT_EQ(relayed.start->nas_port, 17u);
    EXPECT_EQ(relayed.start->user_name, "alice");
    const std::vector<std::vector<std::uint8_t>> classes{{1, 2}, {3}};
    EXPECT_EQ(relayed.start->classes, classes);
    EXPECT_EQ(relayed.start->framed_ip_address, (Ipv4Address{10, 0, 0, 7}));
}

TEST(RelayedAccounting, InterimAndStopAreAnsweredAndOtherwiseIgnored) {
    for (const AcctStatusType type : {AcctStatusType::kInterimUpdate, AcctStatusType::kStop}) {
        const auto request = signed_request({status(type), make_integer(attr::kNasPort, 17)});
        const RelayedRequest relayed = relay_accounting_request(request, kSecret);
        EXPECT_EQ(relayed.verdict, RelayVerdict::kOtherStatus);
        EXPECT_FALSE(relayed.start);
        expect_answered(request, relayed);
    }
}

TEST(RelayedAccounting, AStartWithoutNasPortIsAnsweredButGivesNothing) {
    const auto request = signed_request({status(AcctStatusType::kStart)});
    const RelayedRequest relayed = relay_accounting_request(request, kSecret);
    EXPECT_EQ(relayed.verdict, RelayVerdict::kNoNasPort);
    EXPECT_FALSE(relayed.start);
    expect_answered(request, relayed);
}

TEST(RelayedAccounting, AValueOfTheWrongSizeDoesNotCostTheAnswer) {
    // pppd 2.5's radius.so sends an empty Calling-Station-Id for a call without a Calling
    // Number; radius.so waits for the answer, so the relay answers and takes what it can.
    std::vector<Attribute> attributes = radius_so_start();
    attributes.push_back(make_octets(attr::kCallingStationId, std::vector<std::uint8_t>{}));
    attributes.push_back(make_octets(attr::kClass, std::vector<std::uint8_t>{}));
    const auto request = signed_request(attributes);
    const RelayedRequest relayed = relay_accounting_request(request, kSecret);
    EXPECT_EQ(relayed.verdict, RelayVerdict::kStart);
    ASSERT_TRUE(relayed.start);
    EXPECT_EQ(relayed.start->user_name, "alice");
    EXPECT_EQ(relayed.start->classes.size(), 2u);
    ASSERT_FALSE(relayed.response.empty());
}

TEST(RelayedAccounting, AnythingElseIsDroppedUnanswered) {
    const std::vector<std::uint8_t> other_secret{'x'};
    const RelayedRequest forged =
        relay_accounting_request(signed_request(radius_so_start(), other_secret), kSecret);
    EXPECT_EQ(forged.verdict, RelayVerdict::kBadAuthenticator);

    const RelayedRequest access = relay_accounting_request(
        signed_request(radius_so_start(), kSecret, PacketCode::kAccessRequest), kSecret);
    EXPECT_EQ(access.verdict, RelayVerdict::kNotAccounting);

    const std::vector<std::uint8_t> garbage{4, 1, 0, 5};
    const RelayedRequest malformed = relay_accounting_request(garbage, kSecret);
    EXPECT_EQ(malformed.verdict, RelayVerdict::kMalformed);

    for (const RelayedRequest* dropped : {&forged, &access, &malformed}) {
        EXPECT_TRUE(dropped->response.empty()) << relay_verdict_name(dropped->verdict);
        EXPECT_FALSE(dropped->start);
    }
}

}  // namespace
}  // namespace l2tp::radius
