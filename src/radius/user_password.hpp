// User-Password hiding (RFC 2865 §5.2): the password, padded with zeros to a multiple of 16
// octets, enciphered with the shared secret and the Access-Request's Request Authenticator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {

// RFC 2865 §5.2: "The String field is between 16 and 128 octets long, inclusive."
inline constexpr std::size_t kMaxUserPasswordLength = 128;

// The User-Password value for `password`; nullopt above 128 octets.
std::optional<std::vector<std::uint8_t>> hide_user_password(
    wire::Bytes password, wire::Bytes secret, const Authenticator& request_authenticator);

// The password of a User-Password value, its zero padding removed; nullopt when the value is
// not 16..128 octets in whole 16-octet blocks.
std::optional<std::vector<std::uint8_t>> reveal_user_password(
    wire::Bytes hidden, wire::Bytes secret, const Authenticator& request_authenticator);

}  // namespace l2tp::radius
