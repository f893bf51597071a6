// Router Advertisements on one subscriber's PPP link (RFC 4861 §6.2), carrying the prefix the
// subscriber forms its address from (router_advertisement.hpp): the first at once and the next
// kInitialRouterAdvertisements - 1 soon after (§6.2.4), then every kRouterAdvertisementInterval,
// and one answering each valid Router Solicitation, no sooner than
// kMinDelayBetweenAdvertisements after the last (§6.2.6; a point-to-point link has one router,
// so no random delay is needed to keep routers apart). A raw ICMPv6 socket bound to the
// interface sends them to ff02::1 with Hop Limit 255 from the interface's link-local address
// (§4.2); while the interface has none (pppd's IPv6CP not up yet) the advertisement waits,
// each wait twice the last. Owned by a shared_ptr: the reactor's handlers hold it weakly, so
// that dropping it stops everything.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataplane/result.hpp"
#include "ppp/ipv6_prefix.hpp"
#include "ppp/pppd_counters.hpp"

namespace l2tp::ppp {

class RouterAdvertiser : public std::enable_shared_from_this<RouterAdvertiser> {
  public:
    // Advertising on `interface` (its socket open, joined to ff02::2 for solicitations), or
    // what failed. `counters` outlive it.
    static dataplane::Result<std::shared_ptr<RouterAdvertiser>> start(boost::asio::io_context& io,
                                                                      const std::string& interface,
                                                                      const Ipv6Prefix& prefix,
                                                                      PppdCounters& counters);

    RouterAdvertiser(boost::asio::io_context& io, int fd, std::string interface,
                     unsigned interface_index, const Ipv6Prefix& prefix, PppdCounters& counters);

  private:
    using Clock = std::chrono::steady_clock;

    void advertise();
    void schedule(Clock::time_point at);
    void await_solicitation();
    void read_solicitations();

    boost::asio::posix::stream_descriptor socket_;
    boost::asio::steady_timer timer_;
    std::string interface_;
    unsigned interface_index_;
    std::vector<std::uint8_t> advertisement_;
    PppdCounters& counters_;
    unsigned sent_ = 0;
    Clock::time_point last_sent_{};
    std::chrono::seconds address_wait_{1};  // doubled while there is no link-local address
};

}  // namespace l2tp::ppp
