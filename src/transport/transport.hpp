// What the engine driver asks of a transport: listen, carry the engine's SendDatagram actions,
// and make a socket of a tunnel's own when the datapath asks for one, kept for as long as the
// tunnel lives (docs/architecture.md: the Asio layer owns every socket, the core none).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "l2tp/model/action.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/wire/bytes.hpp"

namespace l2tp::transport {

// A received control packet and its sender, as the engine's on_datagram takes them.
using DatagramHandler = std::function<void(wire::Bytes, const model::PeerEndpoint& from)>;
// A socket has handed over everything it had queued: one receive batch is over.
using BatchEndHandler = std::function<void()>;

class Transport {
  public:
    virtual ~Transport() = default;

    // Binds every listen address; throws boost::system::system_error naming the address.
    virtual void listen(const std::vector<model::PeerEndpoint>& addresses) = 0;
    virtual void send(const model::SendDatagram& datagram) = 0;
    // The established tunnel's own socket, connect()ed to `tunnel.peer`, made now if it has
    // none: what the kernel datapath takes the tunnel's data from and sends it with. Until it
    // is asked for, a tunnel costs no socket (a listener carries its messages); nothing when
    // no socket can be had (logged).
    virtual std::optional<int> tunnel_socket(const model::InstallTunnel& tunnel) = 0;
    // The datapath gave the tunnel up: it refused it, or the tunnel closes (its control
    // connection still finishes). A socket of its own that shares the listener's address and
    // port closes at once, and the listener carries the rest of its messages, from the same
    // address and port. Connected to the same peer address and port as other tunnels' sockets
    // (clients behind one NAT), it would take their datagrams, data too: the kernel hands a
    // four-tuple's datagrams to one of its sockets, and only a datapath's socket passes data on.
    virtual void datapath_released(std::uint32_t tunnel_id) = 0;
    // The engine freed the tunnel: its socket closes.
    virtual void release_tunnel(std::uint32_t tunnel_id) = 0;
    [[nodiscard]] virtual std::vector<model::PeerEndpoint> local_endpoints() const = 0;
};

}  // namespace l2tp::transport
