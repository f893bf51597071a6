// What a static (unmanaged) tunnel and its sessions are: both ends set by hand, as the
// configuration's static_tunnels say and as StaticTunnels makes them in the kernel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/wire/header.hpp"

namespace l2tp::dataplane {

// A session of a static tunnel: both ends set by hand, as `ip l2tp add session` does.
struct StaticSessionConfig {
    std::uint32_t session_id = 0;
    std::uint32_t peer_session_id = 0;
    // As `ip l2tp add session` takes them: 0, 4 or 8 octets each.
    std::vector<std::uint8_t> cookie;       // we put on sent data
    std::vector<std::uint8_t> peer_cookie;  // we require on received data
    wire::L2SpecificSublayer sublayer = wire::L2SpecificSublayer::kDefault;
    bool data_sequencing = false;
    model::SessionLink link;  // interface (required), MTU, bridge
    // An 802.1Q interface INTERFACE.VLAN on the session's interface (0: none); with a bridge,
    // the VLAN interface is the bridge's port.
    std::uint16_t vlan = 0;

    friend bool operator==(const StaticSessionConfig&, const StaticSessionConfig&) = default;
};

// A static (unmanaged) L2TPv3 tunnel: no control connection, no hello (RFC 3931 §1 lets both
// ends be configured by hand; `ip l2tp add tunnel`, NetBSD's l2tp(4)). The kernel opens its
// socket from these addresses and ports.
struct StaticTunnelConfig {
    std::string name;
    model::PeerEndpoint local;   // address; UDP: with the local port
    model::PeerEndpoint remote;  // address and encapsulation; UDP: with the remote port
    std::uint32_t tunnel_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    bool udp_checksum = false;
    bool udp6_zero_checksum_tx = false;
    bool udp6_zero_checksum_rx = false;
    std::vector<StaticSessionConfig> sessions;

    friend bool operator==(const StaticTunnelConfig&, const StaticTunnelConfig&) = default;
};

}  // namespace l2tp::dataplane
