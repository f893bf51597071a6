// MD5 and HMAC-MD5 through OpenSSL's EVP interfaces, for the authenticators and the password
// ciphers (RFC 2865 §3, §5.2; RFC 2868 §3.5; RFC 3579 §3.2).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::radius {

inline constexpr std::size_t kMd5Size = 16;
using Md5Digest = std::array<std::uint8_t, kMd5Size>;

// MD5 of the pieces, in order, as one message.
Md5Digest md5(std::initializer_list<wire::Bytes> pieces);

Md5Digest hmac_md5(wire::Bytes key, wire::Bytes message);

}  // namespace l2tp::radius
