// The accounting relay's socket (docs/radius.md, "Accounting"): radius.so's acctserver is
// l2tpd, on 127.0.0.1 at a port the kernel picks, with a secret drawn here. Each datagram is
// read by radius::relay_accounting_request; an authentic request is answered at once, a Start
// hands what only pppd knows to `on_start`, anything else is dropped and counted. Both live as
// long as the daemon, so that a reload rewrites radius.so's files with the same port and secret.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "radius/relayed_accounting.hpp"
#include "transport/datagram_socket.hpp"

namespace l2tp::driver {

class AccountingRelay {
  public:
    using StartHandler = std::function<void(const radius::PppdStart&)>;
    // Requests by verdict (radius::RelayVerdict), answered or dropped.
    static constexpr std::size_t kVerdicts = 6;
    using Counts = std::array<std::uint64_t, kVerdicts>;

    // Binds 127.0.0.1 at a port of the kernel's choosing; throws boost::system::system_error
    // when it cannot.
    AccountingRelay(boost::asio::io_context& io, StartHandler on_start);
    ~AccountingRelay();
    AccountingRelay(const AccountingRelay&) = delete;
    AccountingRelay& operator=(const AccountingRelay&) = delete;

    [[nodiscard]] std::uint16_t port() const { return port_; }
    // 32 hex digits: what radiusclient's servers file can hold for 127.0.0.1.
    [[nodiscard]] const std::string& secret() const { return secret_; }
    [[nodiscard]] const Counts& counts() const { return counts_; }
    [[nodiscard]] std::uint64_t count(radius::RelayVerdict verdict) const {
        return counts_[static_cast<std::size_t>(verdict)];
    }

  private:
    void receive(wire::Bytes datagram, const sockaddr_storage& from);

    StartHandler on_start_;
    std::string secret_;
    std::uint16_t port_ = 0;
    Counts counts_{};
    transport::RecurringFailure drops_;  // which to log
    std::shared_ptr<transport::DatagramSocket> socket_;
};

}  // namespace l2tp::driver
