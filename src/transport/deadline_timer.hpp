// One steady_timer kept at or before the engine's next deadline (docs/architecture.md: the core
// says when it must be woken, the Asio layer wakes it). A deadline that moved later leaves the
// timer as it is: it fires early, the engine finds nothing due and says its next deadline again.
// That costs one wake-up per deadline instead of a timer update for every datagram, since nearly
// every message sent or acknowledged moves the retransmission deadline later.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <functional>
#include <optional>

#include "l2tp/model/time.hpp"

namespace l2tp::transport {

class DeadlineTimer {
  public:
    DeadlineTimer(boost::asio::io_context& io, std::function<void()> on_expiry)
        : timer_(io), on_expiry_(std::move(on_expiry)) {}

    // Wakes `on_expiry` no later than `deadline` (none: no wake-up is needed).
    void arm(std::optional<model::Time> deadline) {
        if (!deadline || (armed_for_ && *armed_for_ <= *deadline)) {
            return;
        }
        armed_for_ = deadline;
        timer_.expires_at(*deadline);  // cancels the wait for the later one
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                armed_for_.reset();
                on_expiry_();
            }
        });
    }

  private:
    boost::asio::steady_timer timer_;
    std::function<void()> on_expiry_;
    std::optional<model::Time> armed_for_;
};

}  // namespace l2tp::transport
