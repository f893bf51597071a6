// A route to an IPv6 prefix over an interface (a subscriber's PPP link), by rtnetlink
// (RTM_NEWROUTE, rtnetlink(7)); it needs CAP_NET_ADMIN. The kernel removes it with the
// interface (or when the interface goes down), so nothing needs to take it away.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "dataplane/result.hpp"

namespace l2tp::dataplane {

// `prefix`/`length` (the bits past `length` zero) in the main table, replacing a route to the
// same prefix there (one a subscriber of an earlier session had). An error names RTM_NEWROUTE,
// or the interface's lookup.
Result<void> add_ipv6_route(const std::array<std::uint8_t, 16>& prefix, std::uint8_t length,
                            std::string_view ifname);

}  // namespace l2tp::dataplane
