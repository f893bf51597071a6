// The MD5 stream cipher that hides User-Password (RFC 2865 §5.2) and Tunnel-Password (RFC 2868
// §3.5): the plaintext, padded with zeros to 16-octet blocks, is XORed block by block with
//   b1 = MD5(S + seed),  bi = MD5(S + c(i-1))
// where S is the shared secret, c(i) the ciphertext blocks, and the seed the Request
// Authenticator (followed by the salt for Tunnel-Password).
#pragma once

#include <cstddef>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::radius {

inline constexpr std::size_t kPasswordBlockSize = 16;

// Enciphers `blocks` (a multiple of 16 octets) in place.
void encipher_password_blocks(wire::MutableBytes blocks, wire::Bytes secret, wire::Bytes seed);
// Deciphers `blocks` (a multiple of 16 octets) in place.
void decipher_password_blocks(wire::MutableBytes blocks, wire::Bytes secret, wire::Bytes seed);

}  // namespace l2tp::radius
