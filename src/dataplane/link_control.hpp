// Small changes to a network interface by name (the l2tpeth of an Ethernet pseudowire): MTU,
// administrative state, bridge port. Classic interface ioctls on a datagram socket; they need
// CAP_NET_ADMIN. An error names the ioctl that failed (its text "SIOCSIFMTU: ..."); the caller
// adds the interface name.
//
// A name must be 1 to IFNAMSIZ-1 octets: a longer one is refused (EINVAL), never cut short
// into another interface's name.
#pragma once

#include <string>
#include <string_view>

#include "dataplane/result.hpp"

namespace l2tp::dataplane {

// l2tp_eth sizes a new interface from the tunnel socket's route, ignoring any MTU in the
// session request: set the configured MTU here after SESSION_CREATE.
Result<void> set_mtu(std::string_view ifname, int mtu);
Result<int> get_mtu(std::string_view ifname);

// Sets IFF_UP (read-modify-write of the interface flags).
Result<void> set_up(std::string_view ifname);

// Makes ifname a port of bridge (SIOCBRADDIF). ENODEV: either is missing; EOPNOTSUPP:
// bridge is not a bridge; EBUSY: ifname is already a port of some bridge.
Result<void> add_to_bridge(std::string_view bridge, std::string_view ifname);

// Makes an 802.1Q interface for VLAN `vid` (1-4094) on `ifname`, named IFNAME.VID in
// the answer (SIOCSIFVLAN, which loads 8021q); it goes when `ifname` goes.
Result<std::string> add_vlan(std::string_view ifname, int vid);

// The interface's index; ENODEV when there is none by that name.
Result<unsigned> interface_index(std::string_view ifname);

// True when an interface of that name exists in this network namespace.
bool interface_exists(std::string_view ifname);

}  // namespace l2tp::dataplane
