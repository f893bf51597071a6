// How pppd is run for a PPP session (the configuration's `ppp:` blocks, docs/configuration.md
// "PPP"): the per-session options, and the limits on the pppd processes as a whole.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l2tp::ppp {

struct PppdOptions {
    std::string pppd = "/usr/sbin/pppd";
    // A file name is looked up in pppd's plugin directory, a path taken as it is.
    std::string plugin = "pppol2tp.so";
    std::string options_file;  // `file`: read before the options below, which win over it
    std::string name;          // `name`: this side's name for PPP authentication
    // Patterns (pppd_command.hpp): %t/%s our tunnel/session ID, %T/%S the peer's, %p the
    // peer's address, %c/%d the calling/called number, %% a percent sign.
    std::string ipparam;    // `ipparam`: the ip-up scripts' sixth argument
    std::string interface;  // `ifname`: empty lets the kernel name it pppN
    std::optional<std::uint32_t> unit;
    std::optional<std::uint16_t> mru;
    std::optional<std::uint16_t> mtu;
    std::optional<std::uint32_t> lcp_echo_interval;  // seconds
    std::optional<std::uint32_t> lcp_echo_failure;
    // `pool` of the profile or peer: the address pool pppd's local:remote come from; empty:
    // pppd finds the addresses itself (its options, chap-secrets, a RADIUS plugin).
    std::string pool;
    // The peer authenticated by RADIUS: pppd's radius.so with the files l2tpd writes from the
    // configuration's `radius:` block; its Framed-IP-Address wins over the pool's address.
    bool radius = false;
    std::vector<std::string> arguments;  // appended as they are, last

    friend bool operator==(const PppdOptions&, const PppdOptions&) = default;
};

struct PppdLimits {
    // pppd processes started and not yet up (their first network protocol, IPCP or IPv6CP,
    // not yet open): a burst of calls does not fork a burst of pppds.
    std::size_t max_starting = 32;
    // Sessions waiting for a start; beyond, a call gets CDN Result 4 (temporary lack of
    // facilities, RFC 2661 §4.4.2).
    std::size_t max_waiting = 1000;
    // A pppd not up within this long is stopped and its session cleared (pppd's own LCP and
    // authentication timeouts normally end it first).
    std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
    // After SIGTERM, pppd gets this long to end its link before SIGKILL.
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(5);

    friend bool operator==(const PppdLimits&, const PppdLimits&) = default;
};

}  // namespace l2tp::ppp
