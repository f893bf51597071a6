// Cryptographically random octets from OpenSSL's RAND_bytes, for Random Vectors, challenges,
// nonces, cookies and padding (RFC 2661 §4.3 and RFC 3931 §5.4.1 cite RFC 1750).
#pragma once

#include <cstdint>
#include <vector>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

void fill_random(MutableBytes out);
std::vector<std::uint8_t> random_octets(std::size_t length);

}  // namespace l2tp::wire
