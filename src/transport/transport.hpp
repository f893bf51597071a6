// What the engine driver asks of a transport: listen, carry the engine's SendDatagram actions,
// and keep a socket of a tunnel's own for as long as the tunnel needs one (docs/architecture.md:
// the Asio layer owns every socket, the core none).
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
    // The tunnel is established with its peer at `tunnel.peer`: from now on its traffic uses a
    // socket connect()ed to the peer, where the transport has one.
    virtual void attach_tunnel(const model::InstallTunnel& tunnel) = 0;
    // The engine freed the tunnel: its socket closes.
    virtual void release_tunnel(std::uint32_t tunnel_id) = 0;
    // The descriptor of the tunnel's own socket (the kernel datapath needs it), if it has one.
    [[nodiscard]] virtual std::optional<int> tunnel_socket(std::uint32_t tunnel_id) const = 0;
    [[nodiscard]] virtual std::vector<model::PeerEndpoint> local_endpoints() const = 0;
    [[nodiscard]] virtual std::size_t tunnel_sockets() const = 0;
};

}  // namespace l2tp::transport
