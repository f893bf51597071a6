// Small changes to a network interface by name (the l2tpeth of an Ethernet pseudowire): MTU,
// administrative state, bridge port. Classic interface ioctls on a datagram socket; they need
// CAP_NET_ADMIN. Errors are errno values whose message names the ioctl ("SIOCSIFMTU: ...");
// the caller adds the interface name.
//
// A name must be 1 to IFNAMSIZ-1 octets: a longer one is refused (EINVAL), never cut short
// into another interface's name.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace l2tp::dataplane {

// l2tp_eth sizes a new interface from the tunnel socket's route, ignoring any MTU in the
// session request: set the configured MTU here after SESSION_CREATE.
std::error_code set_mtu(std::string_view ifname, int mtu);
std::error_code get_mtu(std::string_view ifname, int& mtu);

// Sets IFF_UP (read-modify-write of the interface flags).
std::error_code set_up(std::string_view ifname);

// Makes ifname a port of bridge (SIOCBRADDIF). ENODEV: either is missing; EOPNOTSUPP:
// bridge is not a bridge; EBUSY: ifname is already a port of some bridge.
std::error_code add_to_bridge(std::string_view bridge, std::string_view ifname);

// Makes an 802.1Q interface for VLAN `vid` (1-4094) on `ifname`, named IFNAME.VID in
// `created` (SIOCSIFVLAN, which loads 8021q); it goes when `ifname` goes.
std::error_code add_vlan(std::string_view ifname, int vid, std::string& created);

// The interface's index; ENODEV when there is none by that name.
std::error_code interface_index(std::string_view ifname, unsigned& index);

// True when an interface of that name exists in this network namespace.
bool interface_exists(std::string_view ifname);

}  // namespace l2tp::dataplane
