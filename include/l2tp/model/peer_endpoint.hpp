// Where a control connection's peer is: address, port, encapsulation and, for L2TP/IPsec clients
// behind one NAT, the mark of the IPsec SA that carried it, as plain values so the sans-I/O core
// can key tunnels by them without knowing about sockets.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

struct PeerEndpoint {
    enum class Family : std::uint8_t { kIpv4 = 4, kIpv6 = 6 };

    Family family = Family::kIpv4;
    std::array<std::uint8_t, 16> address{};  // IPv4 in the first four octets
    std::uint16_t port = 1701;               // 0 over IP encapsulation
    wire::Encapsulation encapsulation = wire::Encapsulation::kUdp;
    // The packet mark the peer's datagrams arrive with and ours leave with (SO_RCVMARK,
    // SO_MARK), 0 without `ipsec_marks`: clients behind one NAT share the address and port, and
    // only the mark of their IPsec SA tells them apart.
    std::uint32_t mark = 0;

    friend bool operator==(const PeerEndpoint&, const PeerEndpoint&) = default;

    static PeerEndpoint ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                             std::uint16_t port = 1701);
    // "192.0.2.1:1701", "[2001:db8::1]/ip", "192.0.2.1:1701 mark 3".
    [[nodiscard]] std::string to_string() const;
    // The address alone: "192.0.2.1", "2001:db8::1".
    [[nodiscard]] std::string address_string() const;
};

// The same host (address and encapsulation), whatever the port and mark: where a peer's control
// connections are matched and a tie is looked for (RFC 2661 §4.4.3).
bool same_host(const PeerEndpoint& a, const PeerEndpoint& b);

struct PeerEndpointHash {
    std::size_t operator()(const PeerEndpoint& e) const;
};

}  // namespace l2tp::model
