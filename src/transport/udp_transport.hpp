// L2TP over UDP (RFC 2661 §8.1, RFC 3931 §4.1.2.2; port 1701): one socket per listen address,
// IPv4 and IPv6. An established tunnel gets a socket of its own, bound to the same local address
// and port and connect()ed to the peer's address and port: the kernel then delivers the peer's
// datagrams to it (its 4-tuple beats the listener's wildcard), each L2TP/IPsec client behind one
// NAT keeps its own source port, and the kernel datapath gets the socket it needs.
#pragma once

#include <memory>
#include <unordered_map>

#include "datagram_socket.hpp"
#include "transport.hpp"

namespace l2tp::transport {

class UdpTransport final : public Transport {
  public:
    UdpTransport(boost::asio::io_context& io, DatagramHandler handler, BatchEndHandler batch_end);

    void listen(const std::vector<engine::PeerEndpoint>& addresses) override;
    void send(const engine::SendDatagram& datagram) override;
    void attach_tunnel(const engine::InstallTunnel& tunnel) override;
    void release_tunnel(std::uint32_t tunnel_id) override;
    [[nodiscard]] std::optional<int> tunnel_socket(std::uint32_t tunnel_id) const override;
    [[nodiscard]] std::vector<engine::PeerEndpoint> local_endpoints() const override;
    [[nodiscard]] std::size_t tunnel_sockets() const override { return tunnels_.size(); }

  private:
    struct Listener {
        engine::PeerEndpoint local;
        std::shared_ptr<DatagramSocket> socket;
    };

    // The listener the peer reaches: of its family, bound to the address the kernel would send
    // from towards the peer, else the wildcard one, else the first.
    const Listener* listener_for(const engine::PeerEndpoint& peer) const;
    DatagramSocket::Receiver receiver();

    boost::asio::io_context& io_;
    DatagramHandler handler_;
    BatchEndHandler batch_end_;
    std::vector<Listener> listeners_;
    std::unordered_map<std::uint32_t, std::shared_ptr<DatagramSocket>> tunnels_;
    RecurringFailure without_socket_;  // established tunnels that could get no socket
};

}  // namespace l2tp::transport
