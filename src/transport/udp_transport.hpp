// L2TP over UDP (RFC 2661 §8.1, RFC 3931 §4.1.2.2; port 1701): one socket per listen address,
// IPv4 and IPv6, which carries every tunnel's messages. A tunnel gets a socket of its own only
// when the datapath asks for one (the kernel's takes the tunnel's data from it): bound to the
// same local address and port and connect()ed to the peer's address and port, so that the
// kernel delivers the peer's datagrams to it (its 4-tuple beats the listener's wildcard).
//
// Sharing the port has a price: every bind() to it is checked against the sockets already
// bound there, and every datagram to the port is looked up among them (docs/daemon.md, "Tunnel
// sockets at scale"); a tunnel that needs no socket of its own pays neither. With per-tunnel
// ports each tunnel's socket gets a port of its own from a range instead, from its first
// message on: RFC 2661 §8.1 lets a responder answer the SCCRQ from another port, and an
// initiator send from any. Port 1701 then carries only SCCRQs, which IPsec policies written
// for UDP 1701 must allow for.
//
// L2TP/IPsec clients behind one NAT all come from the NAT's address and port 1701. With marked
// peers, strongSwan marks each client's SAs and what they decrypt with a mark of its own: the
// mark read with each datagram (SO_RCVMARK) is part of the peer's identity, and every datagram
// to the peer leaves with it (SO_MARK), so that the client's own SA encrypts it.
#pragma once

#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "transport/datagram_socket.hpp"
#include "transport/transport.hpp"

namespace l2tp::transport {

struct TunnelPorts {
    bool per_tunnel = false;      // false: every tunnel socket shares its listener's port
    std::uint16_t first = 49152;  // per-tunnel ports come from [first, last]
    std::uint16_t last = 65535;
};

// What tells the peers of the UDP listeners apart.
enum class PeerIdentity : std::uint8_t {
    kAddressPort,      // address and port alone
    kAddressPortMark,  // and the packet mark (configuration `ipsec_marks`)
};

class UdpTransport final : public Transport {
  public:
    UdpTransport(boost::asio::io_context& io, DatagramHandler handler, BatchEndHandler batch_end,
                 TunnelPorts ports = {}, PeerIdentity identity = PeerIdentity::kAddressPort);

    void listen(const std::vector<model::PeerEndpoint>& addresses) override;
    void send(const model::SendDatagram& datagram) override;
    std::optional<int> tunnel_socket(const model::InstallTunnel& tunnel) override;
    // A socket of a port of the tunnel's own stays: the peer knows the tunnel by that port.
    void datapath_released(std::uint32_t tunnel_id) override;
    void release_tunnel(std::uint32_t tunnel_id) override;
    [[nodiscard]] std::vector<model::PeerEndpoint> local_endpoints() const override;
    // Tunnels with a socket of their own.
    [[nodiscard]] std::size_t tunnel_sockets() const { return tunnels_.size(); }

  private:
    struct Listener {
        model::PeerEndpoint local;
        std::shared_ptr<DatagramSocket> socket;
    };
    struct TunnelSocket {
        std::shared_ptr<DatagramSocket> socket;
        bool connected = false;  // to the peer, once the datapath asked for it
    };

    // The listener the peer reaches: of its family, bound to the address the kernel would send
    // from towards the peer, else the wildcard one, else the first.
    const Listener* listener_for(const model::PeerEndpoint& peer) const;
    DatagramSocket::Receiver receiver();
    // A socket bound to the listener's address and port (shared), or to a port of the tunnel's
    // own, that sends with the peer's mark; nothing when none can be had.
    std::shared_ptr<DatagramSocket> open_tunnel_socket(const Listener& listener,
                                                       std::uint32_t tunnel_id,
                                                       const model::PeerEndpoint& peer);
    std::shared_ptr<DatagramSocket> adopt(int fd);
    // Binds fd to a free port of the range on `local`'s address; the port, or 0.
    std::uint16_t bind_own_port(int fd, model::PeerEndpoint local);
    void forget_port(std::uint32_t tunnel_id);

    boost::asio::io_context& io_;
    DatagramHandler handler_;
    BatchEndHandler batch_end_;
    std::vector<Listener> listeners_;
    std::unordered_map<std::uint32_t, TunnelSocket> tunnels_;
    RecurringFailure without_socket_;  // tunnels that could get no socket
    TunnelPorts ports_;
    PeerIdentity identity_;
    std::unordered_map<std::uint32_t, std::uint16_t> port_of_;  // per-tunnel ports in use
    std::unordered_set<std::uint16_t> ports_in_use_;
    // Tunnels that could get no socket at their first message: the listener carries them, and
    // no socket is tried again for each of their messages.
    std::unordered_set<std::uint32_t> listener_carried_;
    std::uint16_t next_port_ = 0;
};

}  // namespace l2tp::transport
