// The two L2TP versions this library speaks (RFC 2661 §3.1 Ver = 2, RFC 3931 §3.2.1 Ver = 3).
#pragma once

#include <cstdint>

namespace l2tp::wire {

enum class ProtocolVersion : std::uint8_t { kV2 = 2, kV3 = 3 };

// A set of versions, for tables whose rows apply to one version or both.
enum class VersionSet : std::uint8_t { kV2 = 1, kV3 = 2, kBoth = 3 };

constexpr bool contains(VersionSet set, ProtocolVersion v) {
    const auto bit = v == ProtocolVersion::kV2 ? VersionSet::kV2 : VersionSet::kV3;
    return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(bit)) != 0;
}

// How L2TP packets are carried (RFC 3931 §4.1): over UDP they start with the L2TP header, over
// IP protocol 115 with a 32-bit Session ID that is zero for control messages.
enum class Encapsulation : std::uint8_t { kUdp, kIp };

}  // namespace l2tp::wire
