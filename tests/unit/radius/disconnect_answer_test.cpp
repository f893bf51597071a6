// The answers to Disconnect-Requests (RFC 5176 §2.3, §3): their octets as Python's hashlib and
// hmac compute them (independent_vectors.py) for radclient's requests.
#include "radius/disconnect_answer.hpp"

#include <gtest/gtest.h>

#include "radius/authenticators.hpp"
#include "support/test_hex.hpp"
#include "unit/radius/radclient_captures.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;

const std::vector<std::uint8_t> kSecret{'r', 'a', 'd', 'i', 'u', 's', '-',
                                        's', 'e', 'c', 'r', 'e', 't'};

// independent_vectors.py: Message-Authenticator, then the Proxy-States in their order.
constexpr std::string_view kAckWithProxyState =
    "29090035703203dfb2e7e452788c3fddadac67dc501283f2d31ddbb91e6143fc726b66c540122107666972737421"
    "087365636f6e64";
// independent_vectors.py: Error-Cause 503, no Message-Authenticator (the request had none).
constexpr std::string_view kNakNotFound = "2af6001afd5cc58d6ebc3aa5d8e72bfeaf7d76246506000001f7";

Packet decoded(std::string_view hex) {
    Packet packet;
    EXPECT_FALSE(decode_packet(from_hex(hex), packet));
    return packet;
}

TEST(DisconnectAnswer, AckCarriesMessageAuthenticatorAndProxyStatesInOrder) {
    EXPECT_EQ(disconnect_answer(decoded(kRadclientWithProxyState), std::nullopt, kSecret),
              from_hex(kAckWithProxyState));
}

TEST(DisconnectAnswer, NakCarriesErrorCause) {
    EXPECT_EQ(disconnect_answer(decoded(kRadclientBySessionId), ErrorCause::kSessionContextNotFound,
                                kSecret),
              from_hex(kNakNotFound));
}

TEST(DisconnectAnswer, CoaRequestGetsCoaNak) {
    Packet request{PacketCode::kCoaRequest, 3, {}, {make_text(attr::kUserName, "a")}};
    std::vector<std::uint8_t> signed_octets;
    ASSERT_EQ(sign_request(request, kSecret, signed_octets), EncodeFault::kNone);
    Packet answer;
    ASSERT_FALSE(decode_packet(disconnect_answer(request, ErrorCause::kUnsupportedService, kSecret),
                               answer));
    EXPECT_EQ(answer.code, PacketCode::kCoaNak);
    EXPECT_EQ(answer.identifier, 3);
    EXPECT_EQ(verify_response(answer, request.authenticator, kSecret,
                              MessageAuthenticator::kCheckIfPresent),
              Verdict::kAuthentic);
    ASSERT_NE(answer.find(attr::kErrorCause), nullptr);
    EXPECT_EQ(as_integer(*answer.find(attr::kErrorCause)), 405u);
}

}  // namespace
}  // namespace l2tp::radius
