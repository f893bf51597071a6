// The integrity checks of a RADIUS packet, all keyed with the shared secret S:
//  - the Request Authenticator of Accounting-Request (RFC 2866 §3) and of Disconnect-Request and
//    CoA-Request (RFC 5176 §2.3): MD5(Code + Identifier + Length + 16 zero octets + Attributes
//    + S); an Access-Request's is random (RFC 2865 §3) and checks nothing;
//  - the Response Authenticator of every answer (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3):
//    MD5(Code + Identifier + Length + the request's Request Authenticator + Attributes + S);
//  - Message-Authenticator (RFC 3579 §3.2, RFC 5176 §3.1): HMAC-MD5 keyed with S over the
//    packet with its own value zeroed and, in the Authenticator field, the zeros, the random
//    Request Authenticator, or the request's Request Authenticator, as the first two rules put
//    there. It is computed first: the (Request or Response) Authenticator covers it.
// Comparisons are constant-time.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {

// Whether the code's Request Authenticator is the MD5 above rather than random.
bool has_computed_request_authenticator(PacketCode code);

// Signs a request for sending: fills its Message-Authenticator if it carries one (add the
// attribute, any 16 octets, to have one), then its Request Authenticator when the code computes
// it, and encodes it into `out`. `request` is updated to match what was encoded.
EncodeFault sign_request(Packet& request, wire::Bytes secret, std::vector<std::uint8_t>& out);

// Signs an answer to the request whose Request Authenticator is given, the same way.
EncodeFault sign_response(Packet& response, const Authenticator& request_authenticator,
                          wire::Bytes secret, std::vector<std::uint8_t>& out);

enum class Verdict : std::uint8_t {
    kAuthentic,
    kBadAuthenticator,
    kMissingMessageAuthenticator,  // none, where the caller requires one
    kBadMessageAuthenticator,      // wrong, or more than one (RFC 3579 §3.2)
};

std::string_view verdict_name(Verdict verdict);

enum class MessageAuthenticator : bool { kCheckIfPresent, kRequire };

// Checks a decoded request: its Request Authenticator where the code computes one, and its
// Message-Authenticator.
Verdict verify_request(const Packet& request, wire::Bytes secret, MessageAuthenticator policy);

// Checks a decoded answer to the request whose Request Authenticator is given.
Verdict verify_response(const Packet& response, const Authenticator& request_authenticator,
                        wire::Bytes secret, MessageAuthenticator policy);

}  // namespace l2tp::radius
