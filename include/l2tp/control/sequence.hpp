// Control message sequence numbers: 16-bit, free running, compared modulo 65536 (RFC 2661
// §5.8, RFC 3931 §4.2): `a` is before `b` when it lies in the 32767 values preceding `b`.
#pragma once

#include <cstdint>

namespace l2tp::control {

constexpr bool seq_before(std::uint16_t a, std::uint16_t b) {
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b)) < 0;
}

// How far `b` is ahead of `a` (0 when equal), modulo 65536.
constexpr std::uint16_t seq_distance(std::uint16_t a, std::uint16_t b) {
    return static_cast<std::uint16_t>(b - a);
}

}  // namespace l2tp::control
