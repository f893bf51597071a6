// The answer to an authentic Disconnect-Request or CoA-Request (RFC 5176 §2.3, §3): its ACK or
// NAK, with the request's Identifier and the Response Authenticator, Error-Cause in a NAK
// (§3.5), a Message-Authenticator when the request had one (§3), and the request's
// Proxy-States copied in their order (RFC 2865 §5.33).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/attribute_values.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {

// The octets to send: a Disconnect-ACK (CoA-ACK) without `nak`, a Disconnect-NAK (CoA-NAK)
// with it.
std::vector<std::uint8_t> disconnect_answer(const Packet& request, std::optional<ErrorCause> nak,
                                            wire::Bytes secret);

}  // namespace l2tp::radius
