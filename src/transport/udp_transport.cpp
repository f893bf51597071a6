#include "udp_transport.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

namespace l2tp::transport {

namespace {

constexpr int kListenerReceiveBuffer = 8 << 20;

void set_option(int fd, int level, int name, int value) {
    (void)::setsockopt(fd, level, name, &value, sizeof value);
}

// The local address the kernel's routing picks towards `peer` (a connect() on a scratch socket
// sends nothing), or nothing when there is no route.
std::optional<engine::PeerEndpoint> route_source(const engine::PeerEndpoint& peer) {
    const int fd = ::socket(address_family(peer), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::nullopt;
    }
    std::optional<engine::PeerEndpoint> out;
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

bool is_wildcard(const engine::PeerEndpoint& e) {
    return std::all_of(e.address.begin(), e.address.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace

UdpTransport::UdpTransport(boost::asio::io_context& io, DatagramHandler handler,
                           BatchEndHandler batch_end)
    : io_(io), handler_(std::move(handler)), batch_end_(std::move(batch_end)) {}

DatagramSocket::Receiver UdpTransport::receiver() {
    return [this](wire::Bytes packet, const sockaddr_storage& from) {
        handler_(packet, endpoint_of(from, wire::Encapsulation::kUdp));
    };
}

void UdpTransport::listen(const std::vector<engine::PeerEndpoint>& addresses) {
    for (const engine::PeerEndpoint& address : addresses) {
        const int fd = open_socket(address_family(address), SOCK_DGRAM, 0, "UDP socket");
        if (address.family == engine::PeerEndpoint::Family::kIpv6) {
            set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
        }
        // Tunnel sockets share the listener's address and port.
        set_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        enlarge_receive_buffer(fd, kListenerReceiveBuffer);
        bind_socket(fd, inet_address(address), address);
        sockaddr_storage bound{};
        socklen_t length = sizeof bound;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
        listeners_.push_back(Listener{endpoint_of(bound, wire::Encapsulation::kUdp),
                                      DatagramSocket::adopt(io_, fd, receiver(), batch_end_)});
    }
}

const UdpTransport::Listener* UdpTransport::listener_for(const engine::PeerEndpoint& peer) const {
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

void UdpTransport::send(const engine::SendDatagram& datagram) {
    if (const auto it = tunnels_.find(datagram.tunnel_id); it != tunnels_.end()) {
        it->second->send(datagram.bytes);
        return;
    }
    // Before the tunnel is established (and for answers to strangers) a listener sends.
    if (const Listener* l = listener_for(datagram.to)) {
        l->socket->send_to(datagram.bytes, inet_address(datagram.to));
    }
}

void UdpTransport::attach_tunnel(const engine::InstallTunnel& tunnel) {
    const Listener* listener = listener_for(tunnel.peer);
    if (listener == nullptr || tunnels_.contains(tunnel.tunnel_id)) {
        return;
    }
    try {
        const int fd = open_socket(address_family(tunnel.peer), SOCK_DGRAM, 0, "UDP socket");
        if (tunnel.peer.family == engine::PeerEndpoint::Family::kIpv6) {
            set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
        }
        set_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        bind_socket(fd, inet_address(listener->local), listener->local);
        const SocketAddress peer = inet_address(tunnel.peer);
        if (::connect(fd, peer.get(), peer.length) != 0) {
            ::close(fd);
            throw boost::system::system_error(
                boost::system::error_code(errno, boost::system::system_category()), "connect");
        }
        tunnels_.emplace(tunnel.tunnel_id, DatagramSocket::adopt(io_, fd, receiver(), batch_end_));
    } catch (const boost::system::system_error& e) {
        // The listener keeps carrying the tunnel; only the per-tunnel demultiplexing is lost.
        if (without_socket_.count()) {
            spdlog::warn("tunnel {}: no socket of its own towards {}: {} ({} tunnel(s) so far)",
                         tunnel.tunnel_id, tunnel.peer.to_string(), e.what(),
                         without_socket_.total());
        }
    }
}

void UdpTransport::release_tunnel(std::uint32_t tunnel_id) {
    if (const auto it = tunnels_.find(tunnel_id); it != tunnels_.end()) {
        it->second->close();
        tunnels_.erase(it);
    }
}

std::optional<int> UdpTransport::tunnel_socket(std::uint32_t tunnel_id) const {
    const auto it = tunnels_.find(tunnel_id);
    return it == tunnels_.end() ? std::nullopt : std::optional<int>(it->second->native_handle());
}

std::vector<engine::PeerEndpoint> UdpTransport::local_endpoints() const {
    std::vector<engine::PeerEndpoint> out;
    for (const Listener& l : listeners_) {
        out.push_back(l.local);
    }
    return out;
}

}  // namespace l2tp::transport
