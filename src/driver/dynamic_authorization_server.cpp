#include "driver/dynamic_authorization_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "driver/unix_time.hpp"
#include "radius/disconnect_answer.hpp"
#include "transport/socket_address.hpp"

namespace l2tp::driver {

namespace {

// Retransmissions of this many recent requests are recognised (RFC 5080 §2.2.2); each entry is
// an answer of a few dozen octets, so a flood of authentic requests cannot grow it further.
constexpr std::size_t kAnsweredCapacity = 1024;

// A configured address (inet_ntop's form, config::DynamicAuthorizationConfig) as an endpoint.
model::PeerEndpoint endpoint(const std::string& address, std::uint16_t port) {
    model::PeerEndpoint e;
    e.port = port;
    if (inet_pton(AF_INET, address.c_str(), e.address.data()) != 1) {
        e.family = model::PeerEndpoint::Family::kIpv6;
        inet_pton(AF_INET6, address.c_str(), e.address.data());
    }
    return e;
}

bool unspecified(const model::PeerEndpoint& e) {
    const std::size_t size = e.family == model::PeerEndpoint::Family::kIpv4 ? 4 : 16;
    return std::all_of(e.address.begin(), e.address.begin() + static_cast<std::ptrdiff_t>(size),
                       [](std::uint8_t octet) { return octet == 0; });
}

wire::Bytes octets(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The outcome of a request dropped unanswered (RFC 5176 §3: silently discarded), or none.
std::optional<DisconnectOutcome> dropped_outcome(radius::DisconnectVerdict verdict) {
    switch (verdict) {
        case radius::DisconnectVerdict::kMalformed:
            return DisconnectOutcome::kMalformed;
        case radius::DisconnectVerdict::kBadAuthenticator:
            return DisconnectOutcome::kBadAuthenticator;
        case radius::DisconnectVerdict::kStaleTimestamp:
            return DisconnectOutcome::kStaleTimestamp;
        case radius::DisconnectVerdict::kNak:
        case radius::DisconnectVerdict::kDisconnect:
            break;
    }
    return std::nullopt;
}

}  // namespace

std::string_view disconnect_outcome_name(DisconnectOutcome outcome) {
    switch (outcome) {
        case DisconnectOutcome::kAck:
            return "ack";
        case DisconnectOutcome::kNak:
            return "nak";
        case DisconnectOutcome::kDuplicate:
            return "duplicate";
        case DisconnectOutcome::kUnknownClient:
            return "unknown_client";
        case DisconnectOutcome::kMalformed:
            return "malformed";
        case DisconnectOutcome::kBadAuthenticator:
            return "bad_authenticator";
        case DisconnectOutcome::kStaleTimestamp:
            return "stale_timestamp";
    }
    return "unknown";
}

DynamicAuthorizationServer::DynamicAuthorizationServer(boost::asio::io_context& io,
                                                       Disconnect disconnect)
    : io_(io),
      disconnect_(std::move(disconnect)),
      answered_(kAnsweredCapacity, std::chrono::seconds(config_.event_timestamp_window)) {}

DynamicAuthorizationServer::~DynamicAuthorizationServer() {
    close();
}

void DynamicAuthorizationServer::configure(const config::DynamicAuthorizationConfig& config,
                                           const ppp::RadiusClientConfig& radius) {
    const bool rebind = listeners_.empty() != config.listen.empty() ||
                        config.listen != config_.listen || config.port != config_.port;
    config_ = config;
    radius_ = radius;
    answered_.set_window(std::chrono::seconds(config.event_timestamp_window));
    if (rebind) {
        close();
        bind(config);
    }
}

void DynamicAuthorizationServer::bind(const config::DynamicAuthorizationConfig& config) {
    for (const std::string& address : config.listen) {
        const model::PeerEndpoint at = endpoint(address, config.port);
        const bool ipv6 = at.family == model::PeerEndpoint::Family::kIpv6;
        const int fd = transport::open_socket(ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0,
                                              "dynamic authorization socket");
        const transport::SocketAddress local = transport::inet_address(at);
        const int one = 1;
        if ((ipv6 && ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
            ::bind(fd, local.get(), local.length) != 0) {
            const int error = errno;
            ::close(fd);
            close();
            throw boost::system::system_error(
                boost::system::error_code(error, boost::system::system_category()),
                "dynamic authorization: bind " + at.to_string());
        }
        auto listener = std::make_unique<Listener>();
        listener->address = at;
        const Listener* self = listener.get();
        listener->socket = transport::DatagramSocket::adopt(
            io_, fd,
            [this, self](wire::Bytes datagram, const sockaddr_storage& from, std::uint32_t) {
                receive(*self, datagram, from);
            });
        spdlog::info("dynamic authorization (RFC 5176) on {} (UDP)", at.to_string());
        listeners_.push_back(std::move(listener));
    }
}

void DynamicAuthorizationServer::close() {
    for (const auto& listener : listeners_) {
        listener->socket->close();
    }
    listeners_.clear();
}

radius::DasIdentity DynamicAuthorizationServer::identity(const Listener& listener) const {
    radius::DasIdentity nas;
    nas.identifier = radius_.nas_identifier;
    radius::Ipv4Address ipv4{};
    if (inet_pton(AF_INET, radius_.nas_ip_address.c_str(), ipv4.data()) == 1) {
        nas.ipv4 = ipv4;
    }
    // Without nas_ip_address, the address the request came to is ours.
    if (!unspecified(listener.address)) {
        if (listener.address.family == model::PeerEndpoint::Family::kIpv6) {
            nas.ipv6.emplace();
            std::copy_n(listener.address.address.begin(), 16, nas.ipv6->begin());
        } else if (!nas.ipv4) {
            nas.ipv4.emplace();
            std::copy_n(listener.address.address.begin(), 4, nas.ipv4->begin());
        }
    }
    return nas;
}

void DynamicAuthorizationServer::receive(const Listener& listener, wire::Bytes datagram,
                                         const sockaddr_storage& from) {
    // No exception escapes to the reactor: a failing request is dropped, and said so.
    try {
        const model::PeerEndpoint sender = transport::endpoint_of(from, wire::Encapsulation::kUdp);
        const std::string address = sender.address_string();
        const auto client = std::ranges::find(config_.clients, address,
                                              &config::DynamicAuthorizationClient::address);
        if (client == config_.clients.end()) {
            count(DisconnectOutcome::kUnknownClient);
            if (unknown_clients_.count()) {
                spdlog::warn(
                    "dynamic authorization: request from {}, not a client, dropped ({} "
                    "so far)",
                    sender.to_string(), unknown_clients_.total());
            }
            return;
        }
        const radius::DisconnectReading reading = radius::read_disconnect_request(
            datagram, octets(client->secret), identity(listener),
            {config_.event_timestamp_window, config_.require_event_timestamp}, unix_time());
        if (const auto dropped = dropped_outcome(reading.verdict)) {
            count(*dropped);
            return;
        }
        const radius::AnsweredRequests::Key key{sender.to_string(), reading.request.identifier,
                                                reading.request.authenticator};
        const auto now = radius::AnsweredRequests::Clock::now();
        if (const auto* earlier = answered_.find(key, now)) {
            count(DisconnectOutcome::kDuplicate);
            listener.socket->send_to(*earlier, transport::inet_address(sender));
            return;
        }
        const std::vector<std::uint8_t> answer = act_on(reading, client->secret);
        if (!answer.empty()) {
            listener.socket->send_to(answer, transport::inet_address(sender));
            answered_.remember(key, answer, now);
        }
    } catch (const std::exception& e) {
        spdlog::error("dynamic authorization: a request dropped: {}", e.what());
    }
}

std::vector<std::uint8_t> DynamicAuthorizationServer::act_on(const radius::DisconnectReading& r,
                                                             std::string_view secret) {
    std::optional<radius::ErrorCause> nak;
    if (r.verdict == radius::DisconnectVerdict::kNak) {
        nak = r.error_cause;
    } else if (const std::size_t ended = disconnect_(r.selector); ended > 0) {
        counters_.sessions_disconnected += ended;
    } else {
        nak = radius::ErrorCause::kSessionContextNotFound;  // RFC 5176 §3.5
    }
    if (nak) {
        count(DisconnectOutcome::kNak);
        ++counters_.naks_by_cause[static_cast<std::uint32_t>(*nak)];
    } else {
        count(DisconnectOutcome::kAck);
    }
    return radius::disconnect_answer(r.request, nak, octets(secret));
}

}  // namespace l2tp::driver
