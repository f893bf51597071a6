#include "mgmt/accept_backoff.hpp"

#include <spdlog/spdlog.h>

namespace l2tp::mgmt {

AcceptBackoff::AcceptBackoff(boost::asio::io_context& io, std::string server)
    : timer_(io), server_(std::move(server)) {}

void AcceptBackoff::failed(const boost::system::error_code& error,
                           std::function<void()> accept_again) {
    ++errors_;
    if (!failing_) {
        failing_ = true;
        spdlog::warn("{}: cannot accept a connection ({}); trying again every {} ms", server_,
                     error.message(), kPause.count());
    }
    timer_.expires_after(kPause);
    // The timer goes with the listener: its wait ends with operation_aborted then.
    timer_.async_wait(
        [accept_again = std::move(accept_again)](const boost::system::error_code& ec) {
            if (!ec) {
                accept_again();
            }
        });
}

}  // namespace l2tp::mgmt
