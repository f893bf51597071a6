// Bad input is counted by the engine (l2tpctl stats); this also logs it, rate-limited so that a
// flood cannot flood the log: the first bad datagram is logged at once with its sender, and
// what follows within the next second is summed up in one line when the second is over.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <string>

#include "l2tp/model/engine_stats.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/time.hpp"

namespace l2tp::driver {

// "malformed +1, bad digest +2": the counters of bad input (those the catalog gives a phrase)
// that grew from `from` to `to`.
std::string bad_input_growth(const model::EngineStats& from, const model::EngineStats& to);

class BadInputLog {
  public:
    explicit BadInputLog(boost::asio::io_context& io) : timer_(io) {}

    // Call after the engine took a datagram from `from`.
    void after_datagram(const model::EngineStats& stats, const model::PeerEndpoint& from,
                        model::Time now);

  private:
    void summarise();

    boost::asio::steady_timer timer_;
    model::EngineStats seen_;    // after the latest datagram
    model::EngineStats logged_;  // when the last line was written
    model::Time quiet_until_{};
    std::uint64_t unlogged_ = 0;  // bad datagrams since the last line
    model::PeerEndpoint last_sender_;
};

}  // namespace l2tp::driver
