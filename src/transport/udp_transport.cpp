#include "transport/udp_transport.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

namespace l2tp::transport {

namespace {

constexpr int kListenerReceiveBuffer = 8 << 20;
// A tunnel's own socket takes every datagram of its peer: control messages, and data of calls
// the kernel has no session for yet (a LAC's pppd may send before its ICCN reaches us). With
// the default (about 200 KiB) a burst of 200 calls overflowed it (RcvbufErrors), control
// messages went with the data, and the tunnel was declared unreachable.
constexpr int kTunnelReceiveBuffer = 2 << 20;

void set_option(int fd, int level, int name, int value) {
    (void)::setsockopt(fd, level, name, &value, sizeof value);
}

// The local address the kernel's routing picks towards `peer` (a connect() on a scratch socket
// sends nothing), or nothing when there is no route.
std::optional<model::PeerEndpoint> route_source(const model::PeerEndpoint& peer) {
    const int fd = ::socket(address_family(peer), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::nullopt;
    }
    std::optional<model::PeerEndpoint> out;
    const SocketAddress to = inet_address(peer);
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::connect(fd, to.get(), to.length) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0) {
        out = endpoint_of(local, wire::Encapsulation::kUdp);
    }
    ::close(fd);
    return out;
}

bool is_wildcard(const model::PeerEndpoint& e) {
    return std::all_of(e.address.begin(), e.address.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace

UdpTransport::UdpTransport(boost::asio::io_context& io, DatagramHandler handler,
                           BatchEndHandler batch_end, TunnelPorts ports, PeerIdentity identity)
    : io_(io),
      handler_(std::move(handler)),
      batch_end_(std::move(batch_end)),
      ports_(ports),
      identity_(identity),
      next_port_(ports.first) {}

DatagramSocket::Receiver UdpTransport::receiver() {
    return [this](wire::Bytes packet, const sockaddr_storage& from, std::uint32_t mark) {
        model::PeerEndpoint sender = endpoint_of(from, wire::Encapsulation::kUdp);
        sender.mark = mark;
        handler_(packet, sender);
    };
}

// Every socket of the port reads marks: with tunnel sockets connected to one NAT address and
// port, the kernel hands a datagram to any of them, whichever client sent it.
std::shared_ptr<DatagramSocket> UdpTransport::adopt(int fd) {
    if (identity_ == PeerIdentity::kAddressPortMark) {
        receive_marks(fd);
    }
    return DatagramSocket::adopt(io_, fd, receiver(), batch_end_);
}

void UdpTransport::listen(const std::vector<model::PeerEndpoint>& addresses) {
    for (const model::PeerEndpoint& address : addresses) {
        const int fd = open_socket(address_family(address), SOCK_DGRAM, 0, "UDP socket");
        if (address.family == model::PeerEndpoint::Family::kIpv6) {
            set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
        }
        // Tunnel sockets share the listener's address and port.
        set_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        enlarge_receive_buffer(fd, kListenerReceiveBuffer);
        if (identity_ == PeerIdentity::kAddressPortMark) {
            // Marks are sent with CAP_NET_ADMIN only: a daemon without it says so at start,
            // not by losing every answer to a marked peer.
            mark_sent(fd, 0);
        }
        bind_socket(fd, inet_address(address), address);
        sockaddr_storage bound{};
        socklen_t length = sizeof bound;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
        listeners_.push_back(Listener{endpoint_of(bound, wire::Encapsulation::kUdp), adopt(fd)});
    }
}

const UdpTransport::Listener* UdpTransport::listener_for(const model::PeerEndpoint& peer) const {
    std::vector<const Listener*> candidates;
    for (const Listener& l : listeners_) {
        if (l.local.family == peer.family) {
            candidates.push_back(&l);
        }
    }
    if (candidates.size() <= 1) {
        return candidates.empty() ? nullptr : candidates.front();
    }
    if (const auto source = route_source(peer)) {
        for (const Listener* l : candidates) {
            if (l->local.address == source->address) {
                return l;
            }
        }
    }
    for (const Listener* l : candidates) {
        if (is_wildcard(l->local)) {
            return l;
        }
    }
    return candidates.front();
}

void UdpTransport::send(const model::SendDatagram& datagram) {
    auto it = tunnels_.find(datagram.tunnel_id);
    if (it == tunnels_.end() && ports_.per_tunnel && datagram.tunnel_id != 0 &&
        !listener_carried_.contains(datagram.tunnel_id)) {
        // A tunnel's first message leaves from its own port (RFC 2661 §8.1).
        const Listener* l = listener_for(datagram.to);
        try {
            if (auto socket =
                    l ? open_tunnel_socket(*l, datagram.tunnel_id, datagram.to) : nullptr) {
                it = tunnels_.emplace(datagram.tunnel_id, TunnelSocket{std::move(socket)}).first;
            } else {
                listener_carried_.insert(datagram.tunnel_id);
            }
        } catch (const boost::system::system_error& e) {
            // No descriptor left: the listener carries this tunnel's messages.
            listener_carried_.insert(datagram.tunnel_id);
            if (without_socket_.count()) {
                spdlog::warn("tunnel {}: no socket of its own: {} ({} tunnel(s) so far)",
                             datagram.tunnel_id, e.what(), without_socket_.total());
            }
        }
    }
    if (it != tunnels_.end()) {
        it->second.connected
            ? it->second.socket->send(datagram.bytes)
            : it->second.socket->send_to(datagram.bytes, inet_address(datagram.to));
        return;
    }
    // A tunnel without a socket of its own (and an answer to a stranger): a listener sends.
    if (const Listener* l = listener_for(datagram.to)) {
        l->socket->send_to(datagram.bytes, inet_address(datagram.to), datagram.to.mark);
    }
}

std::uint16_t UdpTransport::bind_own_port(int fd, model::PeerEndpoint local) {
    const unsigned span = static_cast<unsigned>(ports_.last) - ports_.first + 1;
    for (unsigned tried = 0; tried < span; ++tried) {
        const std::uint16_t port = next_port_;
        next_port_ = port == ports_.last ? ports_.first : static_cast<std::uint16_t>(port + 1);
        if (ports_in_use_.contains(port)) {
            continue;
        }
        local.port = port;
        const SocketAddress address = inet_address(local);
        if (::bind(fd, address.get(), address.length) == 0) {
            return port;
        }
        if (errno != EADDRINUSE) {
            return 0;
        }
    }
    return 0;  // every port of the range is taken
}

std::shared_ptr<DatagramSocket> UdpTransport::open_tunnel_socket(const Listener& listener,
                                                                 std::uint32_t tunnel_id,
                                                                 const model::PeerEndpoint& peer) {
    const int fd = open_socket(address_family(listener.local), SOCK_DGRAM, 0, "UDP socket");
    if (listener.local.family == model::PeerEndpoint::Family::kIpv6) {
        set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    }
    enlarge_receive_buffer(fd, kTunnelReceiveBuffer);
    if (peer.mark != 0) {
        mark_sent(fd, peer.mark);  // its messages and, once the kernel has it, its data
    }
    if (!ports_.per_tunnel) {
        set_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        bind_socket(fd, inet_address(listener.local), listener.local);
        return adopt(fd);
    }
    const std::uint16_t port = bind_own_port(fd, listener.local);
    if (port == 0) {
        ::close(fd);
        if (without_socket_.count()) {
            spdlog::warn("tunnel {}: no free port in {}-{} ({} tunnel(s) so far)", tunnel_id,
                         ports_.first, ports_.last, without_socket_.total());
        }
        return nullptr;
    }
    port_of_.emplace(tunnel_id, port);
    ports_in_use_.insert(port);
    return adopt(fd);
}

std::optional<int> UdpTransport::tunnel_socket(const model::InstallTunnel& tunnel) {
    auto existing = tunnels_.find(tunnel.tunnel_id);
    if (existing != tunnels_.end() && existing->second.connected) {
        return existing->second.socket->native_handle();
    }
    const Listener* listener = listener_for(tunnel.peer);
    if (listener == nullptr || listener_carried_.contains(tunnel.tunnel_id)) {
        return std::nullopt;  // its peer knows it by the listener's port alone
    }
    try {
        if (existing == tunnels_.end()) {
            std::shared_ptr<DatagramSocket> socket =
                open_tunnel_socket(*listener, tunnel.tunnel_id, tunnel.peer);
            if (socket == nullptr) {
                return std::nullopt;
            }
            existing = tunnels_.emplace(tunnel.tunnel_id, TunnelSocket{std::move(socket)}).first;
        }
        const int fd = existing->second.socket->native_handle();
        const SocketAddress peer = inet_address(tunnel.peer);
        if (::connect(fd, peer.get(), peer.length) != 0) {
            const int error = errno;
            existing->second.socket->close();
            tunnels_.erase(existing);
            forget_port(tunnel.tunnel_id);
            throw boost::system::system_error(
                boost::system::error_code(error, boost::system::system_category()), "connect");
        }
        existing->second.connected = true;
        return fd;
    } catch (const boost::system::system_error& e) {
        // The listener carries the tunnel's messages; its datapath has no socket.
        if (without_socket_.count()) {
            spdlog::warn("tunnel {}: no socket of its own towards {}: {} ({} tunnel(s) so far)",
                         tunnel.tunnel_id, tunnel.peer.to_string(), e.what(),
                         without_socket_.total());
        }
        return std::nullopt;
    }
}

void UdpTransport::datapath_released(std::uint32_t tunnel_id) {
    if (ports_.per_tunnel) {
        return;
    }
    release_tunnel(tunnel_id);
    listener_carried_.insert(tunnel_id);
}

void UdpTransport::release_tunnel(std::uint32_t tunnel_id) {
    if (const auto it = tunnels_.find(tunnel_id); it != tunnels_.end()) {
        it->second.socket->close();
        tunnels_.erase(it);
    }
    forget_port(tunnel_id);
    listener_carried_.erase(tunnel_id);
}

void UdpTransport::forget_port(std::uint32_t tunnel_id) {
    if (const auto it = port_of_.find(tunnel_id); it != port_of_.end()) {
        ports_in_use_.erase(it->second);
        port_of_.erase(it);
    }
}

std::vector<model::PeerEndpoint> UdpTransport::local_endpoints() const {
    std::vector<model::PeerEndpoint> out;
    for (const Listener& l : listeners_) {
        out.push_back(l.local);
    }
    return out;
}

}  // namespace l2tp::transport
