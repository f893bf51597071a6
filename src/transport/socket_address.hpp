// Socket addresses for the three kinds of socket the transports use: UDP (RFC 2661 §8.1,
// RFC 3931 §4.1.2.2), raw IP protocol 115 and the kernel's L2TP/IP sockets (RFC 3931 §4.1.1),
// converted to and from the engine's PeerEndpoint.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>

#include "l2tp/model/peer_endpoint.hpp"

namespace l2tp::transport {

// IANA's protocol number for L2TP over IP (RFC 3931 §4.1.1); glibc's headers lack IPPROTO_L2TP.
inline constexpr int kIpProtoL2tp = 115;

struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;

    [[nodiscard]] const sockaddr* get() const {
        return reinterpret_cast<const sockaddr*>(&storage);
    }
    [[nodiscard]] int family() const { return storage.ss_family; }
};

[[nodiscard]] int address_family(const model::PeerEndpoint& e);
// sockaddr_in / sockaddr_in6 with the endpoint's port (0 for IP encapsulation).
[[nodiscard]] SocketAddress inet_address(const model::PeerEndpoint& e);
// sockaddr_l2tpip / sockaddr_l2tpip6: an address and an L2TPv3 Control Connection ID.
[[nodiscard]] SocketAddress l2tp_ip_address(const model::PeerEndpoint& e,
                                            std::uint32_t connection_id);
// The endpoint an address names, over `encapsulation` (port 0 over IP). IPv4-mapped IPv6
// addresses come out as IPv4.
[[nodiscard]] model::PeerEndpoint endpoint_of(const sockaddr_storage& address,
                                              wire::Encapsulation encapsulation);

}  // namespace l2tp::transport
