// The UDP side of the daemon (RFC 2661 §8.1: port 1701): one socket per listen address, IPv4 and
// IPv6. Received datagrams go to a handler with the sender as a PeerEndpoint; replies leave from
// a socket of the peer's family.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "l2tp/engine/peer_endpoint.hpp"
#include "l2tp/wire/bytes.hpp"

namespace l2tp::transport {

class UdpTransport {
  public:
    using Handler = std::function<void(wire::Bytes, const engine::PeerEndpoint&)>;

    UdpTransport(boost::asio::io_context& io, Handler handler);

    // Binds every listen address; throws boost::system::system_error naming the address.
    void listen(const std::vector<engine::PeerEndpoint>& addresses);
    void send(const engine::PeerEndpoint& to, wire::Bytes datagram);
    [[nodiscard]] std::vector<engine::PeerEndpoint> local_endpoints() const;

  private:
    struct Listener {
        boost::asio::ip::udp::socket socket;
        boost::asio::ip::udp::endpoint sender;
        std::array<std::uint8_t, 65536> buffer{};
    };

    void receive(Listener& listener);
    Listener* socket_for(const engine::PeerEndpoint& to);

    boost::asio::io_context& io_;
    Handler handler_;
    std::vector<std::unique_ptr<Listener>> listeners_;
};

boost::asio::ip::udp::endpoint to_asio(const engine::PeerEndpoint& e);
engine::PeerEndpoint from_asio(const boost::asio::ip::udp::endpoint& e);

}  // namespace l2tp::transport
