// Tunnel-Password (RFC 2868 §3.5):
//   | Tag (1) | Salt (2) | String ... |
// String is the MD5 stream cipher of | Data-Length (1) | Password | zero padding | to 16-octet
// blocks, seeded with the Request Authenticator of the request the attribute is in or answers,
// then the salt. The salt's most significant bit is set, and it is unique per attribute.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {

// The attribute's value holds at most 253 octets: tag, salt and 15 blocks of 16, whose first
// octet is the Data-Length.
inline constexpr std::size_t kMaxTunnelPasswordLength = 239;

struct TunnelPassword {
    std::uint8_t tag = 0;
    std::vector<std::uint8_t> password;
    bool operator==(const TunnelPassword&) const = default;
};

// The Tunnel-Password value; the caller draws `salt` (its top bit is set here). nullopt for a
// tag above 0x1f or a password above 239 octets.
std::optional<std::vector<std::uint8_t>> encrypt_tunnel_password(
    std::uint8_t tag, wire::Bytes password, std::uint16_t salt, wire::Bytes secret,
    const Authenticator& request_authenticator);

// nullopt when the value is not tag, salt (top bit set) and whole 16-octet blocks, or its
// Data-Length exceeds what the blocks carry.
std::optional<TunnelPassword> decrypt_tunnel_password(wire::Bytes value, wire::Bytes secret,
                                                      const Authenticator& request_authenticator);

}  // namespace l2tp::radius
