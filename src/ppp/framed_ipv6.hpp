// The IPv6 of a RADIUS session, which pppd's radius.so leaves undone: once its pppd is up, the
// Access-Accept's Framed-IPv6-Prefix (RFC 3162 §2.3) and Delegated-IPv6-Prefix (RFC 4818) from
// radattr.so's file (radius_attribute_file.hpp), each routed over the session's PPP interface
// (the kernel drops the routes with the interface), and the Framed-IPv6-Prefix advertised on it
// (router_advertiser.hpp) when it is a /64, for the subscriber's address by SLAAC. No DHCPv6:
// the subscriber learns a delegated prefix otherwise. A step that fails is logged and counted;
// the session stays up. Dropping it stops the advertisements.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <memory>
#include <optional>
#include <string>

#include "ppp/ipv6_prefix.hpp"
#include "ppp/pppd_counters.hpp"
#include "ppp/router_advertiser.hpp"

namespace l2tp::ppp {

class FramedIpv6 {
  public:
    // For the session `session_name` (in logs) whose pppd is up on `interface`; `counters`
    // outlive it.
    FramedIpv6(boost::asio::io_context& io, const std::string& interface,
               const std::string& session_name, PppdCounters& counters);

    // Those routed.
    [[nodiscard]] const std::optional<Ipv6Prefix>& framed_prefix() const { return framed_; }
    [[nodiscard]] const std::optional<Ipv6Prefix>& delegated_prefix() const { return delegated_; }

  private:
    std::optional<Ipv6Prefix> framed_;
    std::optional<Ipv6Prefix> delegated_;
    std::shared_ptr<RouterAdvertiser> advertiser_;
};

}  // namespace l2tp::ppp
