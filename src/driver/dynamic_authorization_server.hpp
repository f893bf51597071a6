// l2tpd's RFC 5176 Dynamic Authorization Server (docs/radius.md, "Disconnect (RFC 5176)"): a
// UDP socket on each `listen` address of the radius block's `dynamic_authorization`, taking
// Disconnect-Requests from its clients only. Each is read by radius::read_disconnect_request;
// an acceptable one ends the sessions it selects through `disconnect` and is ACKed, or NAKed
// with 503 Session Context Not Found when none matched; a retransmission gets the same answer
// again without being acted on twice. Datagrams from anyone else are dropped unanswered and
// counted.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "config/dynamic_authorization_config.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "ppp/radius_client_config.hpp"
#include "radius/answered_requests.hpp"
#include "radius/disconnect_request.hpp"
#include "transport/datagram_socket.hpp"

namespace l2tp::driver {

// What became of a datagram to the server.
enum class DisconnectOutcome : std::uint8_t {
    kAck,               // sessions ended, Disconnect-ACK sent
    kNak,               // Disconnect-NAK or CoA-NAK sent (by Error-Cause: naks_by_cause)
    kDuplicate,         // a retransmission: the earlier answer sent again
    kUnknownClient,     // from an address not in `clients`: dropped
    kMalformed,         // no Disconnect-Request or CoA-Request: dropped
    kBadAuthenticator,  // not signed with the client's secret: dropped
    kStaleTimestamp,    // Event-Timestamp outside the window or missing where required: dropped
};
inline constexpr std::size_t kDisconnectOutcomes = 7;

std::string_view disconnect_outcome_name(DisconnectOutcome outcome);

struct DisconnectCounters {
    std::array<std::uint64_t, kDisconnectOutcomes> requests{};
    std::map<std::uint32_t, std::uint64_t> naks_by_cause;  // Error-Cause (RFC 5176 §3.5)
    std::uint64_t sessions_disconnected = 0;

    [[nodiscard]] std::uint64_t count(DisconnectOutcome outcome) const {
        return requests[static_cast<std::size_t>(outcome)];
    }
};

class DynamicAuthorizationServer {
  public:
    // Ends every session the selector selects (RFC 5176 §3: all identifiers present must
    // match); how many it ended.
    using Disconnect = std::function<std::size_t(const radius::SessionSelector&)>;

    DynamicAuthorizationServer(boost::asio::io_context& io, Disconnect disconnect);
    ~DynamicAuthorizationServer();
    DynamicAuthorizationServer(const DynamicAuthorizationServer&) = delete;
    DynamicAuthorizationServer& operator=(const DynamicAuthorizationServer&) = delete;

    // At start and each reload: binds the listen addresses anew when they or the port changed
    // (none: no listener), takes the clients, the window and who we are (`radius`'s
    // nas_identifier and nas_ip_address). Throws boost::system::system_error naming an address
    // that cannot be bound; nothing listens then.
    void configure(const config::DynamicAuthorizationConfig& config,
                   const ppp::RadiusClientConfig& radius);
    [[nodiscard]] const DisconnectCounters& counters() const { return counters_; }
    [[nodiscard]] std::size_t listeners() const { return listeners_.size(); }

  private:
    struct Listener {
        model::PeerEndpoint address;
        std::shared_ptr<transport::DatagramSocket> socket;
    };

    void bind(const config::DynamicAuthorizationConfig& config);
    void close();
    void receive(const Listener& listener, wire::Bytes datagram, const sockaddr_storage& from);
    // Ends the sessions an acceptable request selects; the answer to send.
    std::vector<std::uint8_t> act_on(const radius::DisconnectReading& r, std::string_view secret);
    radius::DasIdentity identity(const Listener& listener) const;
    void count(DisconnectOutcome outcome) {
        ++counters_.requests[static_cast<std::size_t>(outcome)];
    }

    boost::asio::io_context& io_;
    Disconnect disconnect_;
    config::DynamicAuthorizationConfig config_;
    ppp::RadiusClientConfig radius_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    radius::AnsweredRequests answered_;
    DisconnectCounters counters_;
    transport::RecurringFailure unknown_clients_;  // which of them to log
};

}  // namespace l2tp::driver
