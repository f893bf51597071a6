// The MTU of an l2tpeth interface worked out for the operator (the arithmetic the `ip l2tp`
// examples do by hand): the MTU of the route towards the peer, less what this encapsulation
// adds to every frame: the IP (20, or 40 for IPv6) and UDP (8) headers, the L2TPv3 data header
// (8 over UDP, RFC 3931 §4.1.2.1; the 4-octet Session ID over IP, §4.1.1.1), the cookie we send
// (0, 4 or 8), the default L2-Specific Sublayer (4, §4.6) and the inner Ethernet header (14).
// A frame of that MTU then crosses the path without being fragmented.
#pragma once

#include <cstddef>
#include <string>

#include "dataplane/l2tp_netlink.hpp"
#include "dataplane/result.hpp"

namespace l2tp::dataplane {

struct MtuDerivation {
    int mtu = 0;
    std::string how;  // "1500 (route to 192.0.2.2) - 20 IPv4 - 8 UDP - 8 L2TPv3 - ... = 1446"
};

struct EncapsulationOverhead {
    bool udp = true;
    std::size_t cookie = 0;  // octets we send
    bool sublayer = false;   // the default L2-Specific Sublayer
};

// An error when there is no route to `peer`.
Result<MtuDerivation> derive_mtu(const IpAddress& peer, const EncapsulationOverhead& o);

// The same arithmetic from a known route MTU (what derive_mtu does once it has the route's).
MtuDerivation derive_mtu(int route_mtu, const std::string& route, bool ipv6,
                         const EncapsulationOverhead& o);

}  // namespace l2tp::dataplane
