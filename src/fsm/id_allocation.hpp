// Choosing a free Tunnel, Control Connection or Session ID: random, so that IDs are hard to
// guess, never 0 (RFC 2661 §3.1, RFC 3931 §5.4.1 reserve it), and bounded in time however full
// the space is.
#pragma once

#include <cstdint>
#include <optional>

#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

// A free ID of `bits` bits (16 or 32) for which `in_use` is false. A few random draws first;
// a 16-bit space that misses them all is then walked once from the last draw, so any free ID
// is found; in a 32-bit space, misses on every draw mean it is as good as full. Nothing when
// no ID is free: allocation never loops forever.
template <typename InUse>
std::optional<std::uint32_t> allocate_id(unsigned bits, const InUse& in_use,
                                         wire::RandomSource& random) {
    constexpr int kRandomDraws = 32;
    const std::uint32_t mask = bits >= 32 ? 0xffffffffu : (std::uint32_t{1} << bits) - 1;
    std::uint32_t id = 0;
    for (int draw = 0; draw < kRandomDraws; ++draw) {
        random.fill(wire::MutableBytes(reinterpret_cast<std::uint8_t*>(&id), sizeof id));
        id &= mask;
        if (id != 0 && !in_use(id)) {
            return id;
        }
    }
    if (bits > 16) {
        return std::nullopt;
    }
    for (std::uint32_t step = 0; step < mask; ++step) {
        id = (id + 1) & mask;
        if (id != 0 && !in_use(id)) {
            return id;
        }
    }
    return std::nullopt;
}

}  // namespace l2tp::fsm
