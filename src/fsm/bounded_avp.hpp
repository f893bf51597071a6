// What a session keeps of a peer's free-form AVP (numbers, names, proxy LCP data): the length
// of a RADIUS attribute at most, so that a session's state stays small whatever the peer sends.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "l2tp/wire/control_message.hpp"

namespace l2tp::fsm {

inline constexpr std::size_t kMaxKeptText = 253;

inline std::string bounded_text(const wire::ControlMessage& m, wire::AvpKey key) {
    return std::string(m.text(key).value_or("").substr(0, kMaxKeptText));
}

inline std::vector<std::uint8_t> bounded_octets(const wire::ControlMessage& m, wire::AvpKey key) {
    const wire::Bytes b = m.octets(key).value_or(wire::Bytes{});
    return {b.begin(), b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), kMaxKeptText))};
}

}  // namespace l2tp::fsm
