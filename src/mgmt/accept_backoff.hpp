// What a listening socket does after a failed accept. Out of descriptors (EMFILE, ENFILE) the
// pending connection stays queued and the socket stays readable: accepting again at once would
// spin the reactor until a descriptor is free. The next attempt waits a pause instead, and the
// failures are counted (l2tpd_accept_errors_total, docs/metrics.md).
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace l2tp::mgmt {

class AcceptBackoff {
  public:
    static constexpr std::chrono::milliseconds kPause{100};

    // `server` names the listener in the log ("management socket", "metrics endpoint").
    AcceptBackoff(boost::asio::io_context& io, std::string server);

    // After a failed accept: counts it, says so in the log when a run of failures begins, and
    // calls `accept_again` once the pause has passed (never once the listener is gone).
    void failed(const boost::system::error_code& error, std::function<void()> accept_again);
    // After an accept that worked: a later failure begins a new run.
    void succeeded() { failing_ = false; }

    [[nodiscard]] std::uint64_t errors() const { return errors_; }

  private:
    boost::asio::steady_timer timer_;
    std::string server_;
    std::uint64_t errors_ = 0;
    bool failing_ = false;
};

}  // namespace l2tp::mgmt
