// L2TPv3 over IP, protocol 115 (RFC 3931 §4.1.1), control messages only (Session ID 0).
// Where the kernel offers L2TP/IP sockets (IPPROTO_L2TP, module l2tp_ip / l2tp_ip6) they are
// used: the kernel hands a control message to the socket bound to its Control Connection ID,
// so a listener bound to ID 0 receives SCCRQs and every tunnel binds a socket of its own to its
// ID from its first message on (connect()ed to the peer's ID when the datapath asks for it).
// Elsewhere a raw socket per listen address carries every tunnel, with a socket filter that lets
// only control messages (Session ID 0) up from the kernel.
#pragma once

#include <memory>
#include <unordered_map>

#include "transport/datagram_socket.hpp"
#include "transport/transport.hpp"

namespace l2tp::transport {

class IpTransport final : public Transport {
  public:
    IpTransport(boost::asio::io_context& io, DatagramHandler handler, BatchEndHandler batch_end);

    void listen(const std::vector<model::PeerEndpoint>& addresses) override;
    void send(const model::SendDatagram& datagram) override;
    std::optional<int> tunnel_socket(const model::InstallTunnel& tunnel) override;
    // Nothing: its socket is bound to the tunnel's own Control Connection ID.
    void datapath_released(std::uint32_t /*tunnel_id*/) override {}
    void release_tunnel(std::uint32_t tunnel_id) override;
    [[nodiscard]] std::vector<model::PeerEndpoint> local_endpoints() const override;
    // "L2TP/IP" or "raw IP" for the given family, as chosen by listen().
    [[nodiscard]] std::string_view socket_kind(model::PeerEndpoint::Family family) const;

  private:
    struct Listener {
        model::PeerEndpoint local;
        bool kernel_l2tp_ip = false;  // an IPPROTO_L2TP socket, else raw
        std::shared_ptr<DatagramSocket> socket;
    };

    const Listener* listener_for(model::PeerEndpoint::Family family) const;
    DatagramSocket::Receiver receiver(bool kernel_l2tp_ip, int family);
    std::shared_ptr<DatagramSocket> open_tunnel_socket(const Listener& listener,
                                                       std::uint32_t tunnel_id);

    boost::asio::io_context& io_;
    DatagramHandler handler_;
    BatchEndHandler batch_end_;
    std::vector<Listener> listeners_;
    struct TunnelSocket {
        std::shared_ptr<DatagramSocket> socket;
        bool connected = false;  // to the peer's Control Connection ID
    };
    std::unordered_map<std::uint32_t, TunnelSocket> tunnels_;
    RecurringFailure without_socket_;
    // A control message with its Session ID put back: one buffer for received messages and
    // one for sent ones, as the engine may send while it reads a received one.
    std::vector<std::uint8_t> received_;
    std::vector<std::uint8_t> sent_;
};

}  // namespace l2tp::transport
