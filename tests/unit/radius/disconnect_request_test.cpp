// The reading of Disconnect-Requests and CoA-Requests (RFC 5176): radclient's own requests
// read as they should, and each way a request is dropped or refused.
#include "radius/disconnect_request.hpp"

#include <gtest/gtest.h>

#include "radius/authenticators.hpp"
#include "support/test_hex.hpp"
#include "unit/radius/radclient_captures.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;

const std::vector<std::uint8_t> kSecret{'r', 'a', 'd', 'i', 'u', 's', '-',
                                        's', 'e', 'c', 'r', 'e', 't'};
constexpr std::uint32_t kNow = 1700000000;

const DasIdentity kUs{"lns1.example.net", Ipv4Address{192, 0, 2, 1}, std::nullopt};

DisconnectReading read(wire::Bytes datagram, const ReplayWindow& window = {},
                       std::uint32_t now = kNow) {
    return read_disconnect_request(datagram, kSecret, kUs, window, now);
}

std::vector<std::uint8_t> signed_request(std::vector<Attribute> attributes,
                                         PacketCode code = PacketCode::kDisconnectRequest) {
    Packet request{code, 7, {}, std::move(attributes)};
    std::vector<std::uint8_t> out;
    EXPECT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
    return out;
}

Attribute user(std::string_view name) {
    return make_text(attr::kUserName, name);
}

TEST(DisconnectRequest, RadclientsRequestByUserNameSelectsThatUser) {
    const DisconnectReading r = read(from_hex(kRadclientWithProxyState));
    ASSERT_EQ(r.verdict, DisconnectVerdict::kDisconnect);
    SessionSelector expected;
    expected.user_name = "pap-user";
    EXPECT_EQ(r.selector, expected);
    EXPECT_EQ(r.request.identifier, 0x09);
}

TEST(DisconnectRequest, RadclientsRequestBySessionIdWithinTheWindow) {
    const DisconnectReading r = read(from_hex(kRadclientBySessionId), {300, true}, kNow + 299);
    ASSERT_EQ(r.verdict, DisconnectVerdict::kDisconnect);
    EXPECT_EQ(r.selector.acct_session_id, "5F5E1000-0000002A");
    EXPECT_FALSE(r.selector.user_name);
}

TEST(DisconnectRequest, EventTimestampOutsideTheWindowIsDropped) {
    EXPECT_EQ(read(from_hex(kRadclientBySessionId), {300, false}, kNow + 301).verdict,
              DisconnectVerdict::kStaleTimestamp);
    EXPECT_EQ(read(from_hex(kRadclientBySessionId), {300, false}, kNow - 301).verdict,
              DisconnectVerdict::kStaleTimestamp);
}

TEST(DisconnectRequest, MissingEventTimestampIsDroppedOnlyWhereRequired) {
    const auto request = from_hex(kRadclientWithProxyState);
    EXPECT_EQ(read(request, {300, true}).verdict, DisconnectVerdict::kStaleTimestamp);
    EXPECT_EQ(read(request, {300, false}).verdict, DisconnectVerdict::kDisconnect);
}

TEST(DisconnectRequest, AnotherSecretIsDropped) {
    const auto request = from_hex(kRadclientBySessionId);
    const std::vector<std::uint8_t> other{'o', 't', 'h', 'e', 'r'};
    EXPECT_EQ(read_disconnect_request(request, other, kUs, {}, kNow).verdict,
              DisconnectVerdict::kBadAuthenticator);
}

TEST(DisconnectRequest, AlteredMessageAuthenticatorIsDropped) {
    auto request = from_hex(kRadclientWithProxyState);
    request.back() ^= 1;  // the last octet of the Message-Authenticator
    EXPECT_EQ(read(request).verdict, DisconnectVerdict::kBadAuthenticator);
}

TEST(DisconnectRequest, WhatIsNoDisconnectOrCoaRequestIsMalformed) {
    EXPECT_EQ(read(from_hex("2809")).verdict, DisconnectVerdict::kMalformed);
    EXPECT_EQ(read(signed_request({user("a")}, PacketCode::kAccountingRequest)).verdict,
              DisconnectVerdict::kMalformed);
}

TEST(DisconnectRequest, CoaRequestIsRefusedAsUnsupportedService) {
    const DisconnectReading r = read(signed_request({user("a")}, PacketCode::kCoaRequest));
    EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
    EXPECT_EQ(r.error_cause, ErrorCause::kUnsupportedService);
}

TEST(DisconnectRequest, AnAttributeNotActedOnIsUnsupported) {
    const DisconnectReading r =
        read(signed_request({user("a"), make_integer(attr::kSessionTimeout, 60)}));
    EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
    EXPECT_EQ(r.error_cause, ErrorCause::kUnsupportedAttribute);
}

TEST(DisconnectRequest, ASingularAttributeTwiceIsInvalid) {
    const DisconnectReading r = read(signed_request({user("a"), user("b")}));
    EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
    EXPECT_EQ(r.error_cause, ErrorCause::kInvalidRequest);
}

TEST(DisconnectRequest, AValueThatDoesNotFitItsTypeIsInvalid) {
    const std::vector<std::uint8_t> three_octets{192, 0, 2};
    for (const Attribute& malformed :
         {make_octets(attr::kFramedIpAddress, three_octets),
          make_octets(attr::kNasPort, three_octets), make_text(attr::kCallingStationId, "")}) {
        const DisconnectReading r = read(signed_request({user("a"), malformed}));
        EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
        EXPECT_EQ(r.error_cause, ErrorCause::kInvalidRequest);
    }
}

TEST(DisconnectRequest, NoSessionIdentificationIsAMissingAttribute) {
    const DisconnectReading r =
        read(signed_request({make_text(attr::kNasIdentifier, "lns1.example.net")}));
    EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
    EXPECT_EQ(r.error_cause, ErrorCause::kMissingAttribute);
}

TEST(DisconnectRequest, AnotherNasIsAMismatch) {
    for (const Attribute& nas : {make_text(attr::kNasIdentifier, "lns2.example.net"),
                                 make_ipv4_address(attr::kNasIpAddress, {192, 0, 2, 2})}) {
        const DisconnectReading r = read(signed_request({user("a"), nas}));
        EXPECT_EQ(r.verdict, DisconnectVerdict::kNak);
        EXPECT_EQ(r.error_cause, ErrorCause::kNasIdentificationMismatch);
    }
    EXPECT_EQ(
        read(signed_request({user("a"), make_ipv4_address(attr::kNasIpAddress, {192, 0, 2, 1})}))
            .verdict,
        DisconnectVerdict::kDisconnect);
}

TEST(DisconnectRequest, EverySessionIdentifierIsRead) {
    const DisconnectReading r = read(signed_request({
        user("alice"),
        make_text(attr::kAcctSessionId, "id"),
        make_ipv4_address(attr::kFramedIpAddress, {100, 64, 1, 1}),
        make_text(attr::kCallingStationId, "0123"),
        make_integer(attr::kNasPort, 4),
        make_integer(attr::kAcctTerminateCause, 6),
    }));
    ASSERT_EQ(r.verdict, DisconnectVerdict::kDisconnect);
    const SessionSelector expected{"id", "alice", Ipv4Address{100, 64, 1, 1}, "0123", 4};
    EXPECT_EQ(r.selector, expected);
}

}  // namespace
}  // namespace l2tp::radius
