// AVP hiding (RFC 2661 §4.3, RFC 3931 §5.3). A hidden AVP's value is the Hidden AVP Subformat
//   | Length of Original Value (2) | Original Attribute Value ... | Padding ... |
// XORed with an MD5 stream: b1 = MD5(type + secret + RV), bi = MD5(secret + c(i-1)).
#pragma once

#include "l2tp/wire/random.hpp"

#include <cstdint>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/wire_error.hpp"

namespace l2tp::wire {

inline constexpr std::size_t kHiddenLengthFieldSize = 2;

// Appends the hidden form of `value` (subformat plus `padding_length` random octets, then
// enciphered) to `out`.
void append_hidden_value(std::vector<std::uint8_t>& out, std::uint16_t attribute_type, Bytes value,
                         Bytes secret, Bytes random_vector, std::size_t padding_length,
                         RandomSource& random = system_random());

// Deciphers a hidden value in place. On success `plaintext` is the original value inside
// `hidden`. Fails (kHiddenAvpError) when the subformat is shorter than its length field or
// the deciphered original length exceeds what the AVP carries; padding beyond it is accepted.
WireError reveal_hidden_value(std::uint16_t attribute_type, MutableBytes hidden, Bytes secret,
                              Bytes random_vector, Bytes& plaintext);

}  // namespace l2tp::wire
