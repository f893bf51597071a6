// One steady_timer kept at the engine's next deadline (ARCHITECTURE.md: the core says when it
// must be woken, the Asio layer wakes it). Re-arms only when the deadline changed.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <functional>
#include <optional>

#include "l2tp/control/reliable_channel.hpp"

namespace l2tp::transport {

class DeadlineTimer {
  public:
    DeadlineTimer(boost::asio::io_context& io, std::function<void()> on_expiry)
        : timer_(io), on_expiry_(std::move(on_expiry)) {}

    // Arms the timer for `deadline` (disarms it for none); `on_expiry` runs when it passes.
    void arm(std::optional<control::Time> deadline) {
        if (deadline == armed_for_) {
            return;
        }
        armed_for_ = deadline;
        timer_.cancel();
        if (!deadline) {
            return;
        }
        timer_.expires_at(*deadline);
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
    std::optional<control::Time> armed_for_;
};

}  // namespace l2tp::transport
