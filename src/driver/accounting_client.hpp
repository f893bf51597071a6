// l2tpd's own accounting client (RFC 2866) on the Asio reactor: one UDP socket per configured
// server, each record signed again on every send with the Identifier and Acct-Delay-Time the
// schedule (radius::AccountingScheduler) gives, each answer's Response Authenticator checked
// (RFC 2866 §3) before it completes its record. The rules live in the scheduler; this is the
// thin part that owns sockets and a timer.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ppp/radius_client_config.hpp"
#include "radius/accounting_scheduler.hpp"
#include "radius/attribute.hpp"
#include "radius/packet.hpp"
#include "transport/datagram_socket.hpp"
#include "transport/deadline_timer.hpp"
#include "transport/socket_address.hpp"

namespace l2tp::driver {

class AccountingClient {
  public:
    // Throws boost::system::system_error when a socket cannot be made.
    AccountingClient(boost::asio::io_context& io, const ppp::RadiusClientConfig& config,
                     const radius::AccountingSchedule& schedule);
    ~AccountingClient();
    AccountingClient(const AccountingClient&) = delete;
    AccountingClient& operator=(const AccountingClient&) = delete;

    // Queues one record (accounting_attributes()); false when the queue is full.
    bool send(std::vector<radius::Attribute> record);

    // Every record sent has been answered: closing now loses nothing.
    [[nodiscard]] bool idle() const { return records_.empty(); }
    // Called each time an answer leaves no record waiting.
    void on_idle(std::function<void()> hook) { idle_hook_ = std::move(hook); }

    [[nodiscard]] const radius::AccountingScheduler& scheduler() const { return scheduler_; }
    // Answers that were not an authentic Accounting-Response to a request in flight.
    [[nodiscard]] std::uint64_t bad_responses() const { return bad_responses_; }

  private:
    struct Server {
        transport::SocketAddress address;
        std::vector<std::uint8_t> secret;
        std::shared_ptr<transport::DatagramSocket> socket;
        // The Request Authenticator of the last send with each Identifier.
        std::map<std::uint8_t, radius::Authenticator> sent;
    };

    void receive(std::size_t server, wire::Bytes datagram, const sockaddr_storage& from);
    void pump();

    radius::AccountingScheduler scheduler_;
    std::vector<Server> servers_;
    std::unordered_map<radius::AccountingScheduler::RecordId, std::vector<radius::Attribute>>
        records_;
    radius::AccountingScheduler::RecordId next_record_ = 0;
    std::uint64_t bad_responses_ = 0;
    std::function<void()> idle_hook_;
    transport::DeadlineTimer timer_;
};

}  // namespace l2tp::driver
