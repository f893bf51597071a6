// What the pppd supervisor counts, and its catalog: a row per counter naming it in
// `l2tpctl stats` (under "pppd") and on the Prometheus endpoint.
#pragma once

#include <cstdint>
#include <span>

#include "l2tp/model/counter_spec.hpp"

namespace l2tp::ppp {

struct PppdCounters {
    std::uint64_t started = 0;
    std::uint64_t up = 0;
    std::uint64_t start_failures = 0;      // channel or exec failed
    std::uint64_t refused_busy = 0;        // the waiting list was full
    std::uint64_t refused_no_address = 0;  // the session's address pool was exhausted
    std::uint64_t start_timeouts = 0;      // not up within the start timeout
    std::uint64_t exited = 0;              // ended by itself
    // Ended as the peer failed authentication (pppd's status 11), by itself or while being
    // stopped: with RADIUS, an Access-Reject or no server answering.
    std::uint64_t auth_failures = 0;
    std::uint64_t stopped = 0;  // stopped by us
    std::uint64_t killed = 0;   // needed SIGKILL
    // A RADIUS session's IPv6 (framed_ipv6.hpp): radattr.so's file missing or refused, routes
    // to its prefixes, Router Advertisements on its link (failed: not sent, or no socket).
    std::uint64_t radius_attribute_faults = 0;
    std::uint64_t ipv6_routes_installed = 0;
    std::uint64_t ipv6_route_failures = 0;
    std::uint64_t router_advertisements_sent = 0;
    std::uint64_t router_advertisement_failures = 0;
};

// Every row; a Prometheus family's series in the order of its rows, its families in the order
// of their first row.
std::span<const model::CounterSpec<PppdCounters>> all_pppd_counters();

}  // namespace l2tp::ppp
