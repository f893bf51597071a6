// Request, Response and Message-Authenticator (RFC 2865 §3, RFC 2866 §3, RFC 3579 §3.2, RFC
// 5176 §2.3, §3.1): the RFC 2865 example, vectors computed by independent_vectors.py, and a
// flipped octet anywhere failing the check.
#include "radius/authenticators.hpp"

#include <gtest/gtest.h>

#include "radius/attribute_values.hpp"
#include "support/rfc2865_examples.hpp"
#include "support/test_hex.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::kRfc2865AccessAccept;
using l2tp::testing::kRfc2865AccessRequest;
using l2tp::testing::kRfc2865Secret;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

const std::vector<std::uint8_t> kSecret = to_vector("radius-secret");
constexpr auto kCheck = MessageAuthenticator::kCheckIfPresent;
constexpr auto kRequire = MessageAuthenticator::kRequire;

// independent_vectors.py: Accounting-Request (identifier 0x2a), Start, Acct-Session-Id
// l2tpd-0001, Message-Authenticator, NAS-Port-Type Virtual.
constexpr std::string_view kAccountingRequest =
    "042a003e3fb50264f6dd18031f3442cdaac8348a2806000000012c0c6c327470642d303030315012f975953bc7"
    "519e95e5ab0d94f76da1f23d0600000005";
// Disconnect-Request (identifier 7), User-Name nemo, Acct-Session-Id l2tpd-0001, MA.
constexpr std::string_view kDisconnectRequest =
    "28070038852d0e02d8b7483488e7396a1aadf75201066e656d6f2c0c6c327470642d3030303150129847"
    "1d398de8379522bacad4efd4c4f8";
// Its Disconnect-NAK, Error-Cause Session-Context-Not-Found, MA.
constexpr std::string_view kDisconnectNak =
    "2a07002ca1a57c336772410748e8587e8efad30d6506000001f750121ff97f64dcbb21bde1331a46bd02d082";

// Sent by FreeRADIUS's radclient 3.2 (secret radius-secret) to a UDP socket and captured:
//   echo 'Acct-Status-Type = Start, Acct-Session-Id = "l2tpd-0001", NAS-Port-Type = Virtual,
//         Message-Authenticator = 0x00' | radclient 127.0.0.1:18130 acct radius-secret
constexpr std::string_view kRadclientAccountingRequest =
    "04be003e1e901fd6941eef0c0a2a05217e298eae2806000000012c0c6c327470642d303030313d060000000550"
    "12c1d5ba3a5da06eb1ed5f88a25c0fe2c7";
//   echo 'User-Name = "nemo", Acct-Session-Id = "l2tpd-0001", Message-Authenticator = 0x00' |
//     radclient 127.0.0.1:18130 coa radius-secret
constexpr std::string_view kRadclientCoaRequest =
    "2b0a0038d8d4586ada666eba2153235dabd5c71c01066e656d6f2c0c6c327470642d303030315012656"
    "7ac999feb947f67cedbd3196d2a0a";

Packet decoded(std::string_view hex) {
    Packet packet;
    const DecodeError error = decode_packet(from_hex(hex), packet);
    EXPECT_FALSE(error) << describe(error);
    return packet;
}

// A Message-Authenticator with any value: signing fills it.
Attribute unsigned_message_authenticator() {
    return make_octets(attr::kMessageAuthenticator, std::vector<std::uint8_t>(16, 0x55));
}

// Every single-octet flip of `hex` that still decodes fails `verify`.
template <typename Verify>
void expect_every_flip_fails(std::string_view hex, Verify verify) {
    const std::vector<std::uint8_t> original = from_hex(hex);
    for (std::size_t i = 0; i < original.size(); ++i) {
        std::vector<std::uint8_t> tampered = original;
        tampered[i] ^= 0x01;
        Packet packet;
        if (!decode_packet(tampered, packet)) {
            EXPECT_NE(verify(packet), Verdict::kAuthentic) << "octet " << i;
        }
    }
}

TEST(RadiusAuthenticators, Rfc2865AccessAcceptVerifiesAgainstItsRequest) {
    const Packet request = decoded(kRfc2865AccessRequest);
    const Packet accept = decoded(kRfc2865AccessAccept);
    const auto secret = to_vector(kRfc2865Secret);
    EXPECT_EQ(verify_response(accept, request.authenticator, secret, kCheck), Verdict::kAuthentic);
    EXPECT_EQ(verify_response(accept, request.authenticator, to_vector("xyzzy5462"), kCheck),
              Verdict::kBadAuthenticator);
    EXPECT_EQ(verify_response(accept, request.authenticator, secret, kRequire),
              Verdict::kMissingMessageAuthenticator);
    expect_every_flip_fails(kRfc2865AccessAccept, [&](const Packet& packet) {
        return verify_response(packet, request.authenticator, secret, kCheck);
    });
}

TEST(RadiusAuthenticators, ResigningTheRfc2865AccessAcceptReproducesIt) {
    const Packet request = decoded(kRfc2865AccessRequest);
    Packet accept = decoded(kRfc2865AccessAccept);
    accept.authenticator = {};
    std::vector<std::uint8_t> out;
    ASSERT_EQ(sign_response(accept, request.authenticator, to_vector(kRfc2865Secret), out),
              EncodeFault::kNone);
    EXPECT_EQ(to_hex(out), kRfc2865AccessAccept);
}

TEST(RadiusAuthenticators, SignsAnAccountingRequestAsTheIndependentVector) {
    Packet request{PacketCode::kAccountingRequest, 0x2a, {}, {}};
    request.attributes = {
        make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(AcctStatusType::kStart)),
        make_text(attr::kAcctSessionId, "l2tpd-0001"),
        unsigned_message_authenticator(),
        make_integer(attr::kNasPortType, static_cast<std::uint32_t>(NasPortType::kVirtual)),
    };
    std::vector<std::uint8_t> out;
    ASSERT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
    EXPECT_EQ(to_hex(out), kAccountingRequest);
    EXPECT_EQ(request, decoded(kAccountingRequest));  // the Packet now holds what was sent
}

TEST(RadiusAuthenticators, VerifiesAnAccountingRequestAndRefusesEveryFlip) {
    const Packet request = decoded(kAccountingRequest);
    EXPECT_EQ(verify_request(request, kSecret, kRequire), Verdict::kAuthentic);
    EXPECT_EQ(verify_request(request, to_vector("radius-secreT"), kCheck),
              Verdict::kBadAuthenticator);
    expect_every_flip_fails(kAccountingRequest, [](const Packet& packet) {
        return verify_request(packet, kSecret, kCheck);
    });
}

TEST(RadiusAuthenticators, VerifiesAndReproducesRequestsFreeRadiusSigned) {
    for (const std::string_view hex : {kRadclientAccountingRequest, kRadclientCoaRequest}) {
        SCOPED_TRACE(hex);
        Packet request = decoded(hex);
        EXPECT_EQ(verify_request(request, kSecret, kRequire), Verdict::kAuthentic);
        request.authenticator = {};
        std::vector<std::uint8_t> out;
        ASSERT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
        EXPECT_EQ(to_hex(out), hex);
        expect_every_flip_fails(
            hex, [](const Packet& packet) { return verify_request(packet, kSecret, kCheck); });
    }
}

TEST(RadiusAuthenticators, DisconnectRequestAndItsNakMatchTheIndependentVectors) {
    Packet request{PacketCode::kDisconnectRequest, 7, {}, {}};
    request.attributes = {make_text(attr::kUserName, "nemo"),
                          make_text(attr::kAcctSessionId, "l2tpd-0001"),
                          unsigned_message_authenticator()};
    std::vector<std::uint8_t> out;
    ASSERT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
    EXPECT_EQ(to_hex(out), kDisconnectRequest);
    EXPECT_EQ(verify_request(decoded(kDisconnectRequest), kSecret, kRequire), Verdict::kAuthentic);

    Packet nak{PacketCode::kDisconnectNak, 7, {}, {}};
    nak.attributes = {make_integer(attr::kErrorCause,
                                   static_cast<std::uint32_t>(ErrorCause::kSessionContextNotFound)),
                      unsigned_message_authenticator()};
    ASSERT_EQ(sign_response(nak, request.authenticator, kSecret, out), EncodeFault::kNone);
    EXPECT_EQ(to_hex(out), kDisconnectNak);
    EXPECT_EQ(verify_response(decoded(kDisconnectNak), request.authenticator, kSecret, kRequire),
              Verdict::kAuthentic);
    expect_every_flip_fails(kDisconnectNak, [&](const Packet& packet) {
        return verify_response(packet, request.authenticator, kSecret, kCheck);
    });
    // Answering another request: the Response Authenticator no longer matches.
    Authenticator other = request.authenticator;
    other[15] ^= 1;
    EXPECT_EQ(verify_response(decoded(kDisconnectNak), other, kSecret, kCheck),
              Verdict::kBadAuthenticator);
}

TEST(RadiusAuthenticators, MessageAuthenticatorAloneGuardsAnAccessRequest) {
    Packet request = decoded(kRfc2865AccessRequest);
    request.attributes.push_back(unsigned_message_authenticator());
    std::vector<std::uint8_t> out;
    ASSERT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
    // The random Request Authenticator stays as it was.
    EXPECT_EQ(to_hex(request.authenticator), "0f403f9473978057bd83d5cb98f4227a");
    EXPECT_EQ(verify_request(request, kSecret, kRequire), Verdict::kAuthentic);
    request.attributes[0].value[0] ^= 1;
    EXPECT_EQ(verify_request(request, kSecret, kRequire), Verdict::kBadMessageAuthenticator);
}

TEST(RadiusAuthenticators, RefusesAMessageAuthenticatorOfAnotherSize) {
    // What decode_framing lets through: two octets, last in the packet.
    Packet request = decoded(kRfc2865AccessRequest);
    request.attributes.push_back(
        make_octets(attr::kMessageAuthenticator, std::vector<std::uint8_t>{1, 2}));
    EXPECT_EQ(verify_request(request, kSecret, kCheck), Verdict::kBadMessageAuthenticator);
}

TEST(RadiusAuthenticators, RefusesASecondMessageAuthenticator) {
    Packet request = decoded(kAccountingRequest);
    request.attributes.push_back(request.attributes[2]);
    std::vector<std::uint8_t> out;
    ASSERT_EQ(sign_request(request, kSecret, out), EncodeFault::kNone);
    EXPECT_EQ(verify_request(request, kSecret, kCheck), Verdict::kBadMessageAuthenticator);
}

TEST(RadiusAuthenticators, OnlyAccountingAndDynamicAuthorizationRequestsComputeTheirs) {
    EXPECT_TRUE(has_computed_request_authenticator(PacketCode::kAccountingRequest));
    EXPECT_TRUE(has_computed_request_authenticator(PacketCode::kDisconnectRequest));
    EXPECT_TRUE(has_computed_request_authenticator(PacketCode::kCoaRequest));
    EXPECT_FALSE(has_computed_request_authenticator(PacketCode::kAccessRequest));
    EXPECT_EQ(verdict_name(Verdict::kBadMessageAuthenticator), "bad Message-Authenticator");
}

}  // namespace
}  // namespace l2tp::radius
