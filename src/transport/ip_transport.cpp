#include "transport/ip_transport.hpp"

#include <linux/filter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace l2tp::transport {

namespace {

constexpr std::size_t kSessionIdSize = 4;
constexpr int kListenerReceiveBuffer = 8 << 20;  // RFC 3931 §4.1.1.2: zero on control messages

// Accepts an IPv4 packet only when the 32 bits after its IP header are zero: raw sockets see
// every protocol-115 packet, and data packets belong to the kernel datapath, not to us.
void filter_control_only(int fd) {
    sock_filter code[] = {
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),        // X = IP header length
        BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0),         // A = 32 bits at X
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),  // Session ID 0?
        BPF_STMT(BPF_RET | BPF_K, 0xffffffff),         // keep the whole packet
        BPF_STMT(BPF_RET | BPF_K, 0),                  // drop
    };
    const sock_fprog program{static_cast<unsigned short>(std::size(code)), code};
    (void)::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

bool is_control(wire::Bytes payload) {
    return payload.size() >= kSessionIdSize && payload[0] == 0 && payload[1] == 0 &&
           payload[2] == 0 && payload[3] == 0;
}

}  // namespace

IpTransport::IpTransport(boost::asio::io_context& io, DatagramHandler handler,
                         BatchEndHandler batch_end)
    : io_(io), handler_(std::move(handler)), batch_end_(std::move(batch_end)) {}

DatagramSocket::Receiver IpTransport::receiver(bool kernel_l2tp_ip, int family) {
    return [this, kernel_l2tp_ip, family](wire::Bytes packet, const sockaddr_storage& from,
                                          std::uint32_t /*mark*/) {
        const model::PeerEndpoint sender = endpoint_of(from, wire::Encapsulation::kIp);
        if (kernel_l2tp_ip) {
            // The kernel strips the zero Session ID of a control message; the engine reads
            // packets as they are on the wire.
            received_.assign(kSessionIdSize, 0);
            received_.insert(received_.end(), packet.begin(), packet.end());
            handler_(received_, sender);
            return;
        }
        if (family == AF_INET) {
            // Raw IPv4 sockets read the IP header too (IPv6 ones do not).
            const std::size_t header = packet.empty() ? 0 : (packet[0] & 0x0fu) * 4u;
            if (header < 20 || packet.size() < header) {
                return;
            }
            packet = packet.subspan(header);
        }
        if (is_control(packet)) {
            handler_(packet, sender);
        }
    };
}

void IpTransport::listen(const std::vector<model::PeerEndpoint>& addresses) {
    for (model::PeerEndpoint local : addresses) {
        local.encapsulation = wire::Encapsulation::kIp;
        local.port = 0;
        const int family = address_family(local);
        Listener listener{local, true, nullptr};
        int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, kIpProtoL2tp);
        if (fd >= 0) {
            bind_socket(fd, l2tp_ip_address(local, 0), local);
        } else {
            listener.kernel_l2tp_ip = false;
            fd = open_socket(family, SOCK_RAW, kIpProtoL2tp, "raw IP socket (protocol 115)");
            if (family == AF_INET) {
                filter_control_only(fd);
            }
            bind_socket(fd, inet_address(local), local);
        }
        enlarge_receive_buffer(fd, kListenerReceiveBuffer);
        listener.socket =
            DatagramSocket::adopt(io_, fd, receiver(listener.kernel_l2tp_ip, family), batch_end_);
        listeners_.push_back(std::move(listener));
    }
}

const IpTransport::Listener* IpTransport::listener_for(model::PeerEndpoint::Family family) const {
    for (const Listener& l : listeners_) {
        if (l.local.family == family) {
            return &l;
        }
    }
    return nullptr;
}

std::string_view IpTransport::socket_kind(model::PeerEndpoint::Family family) const {
    const Listener* l = listener_for(family);
    return l == nullptr ? "none" : l->kernel_l2tp_ip ? "L2TP/IP" : "raw IP";
}

std::shared_ptr<DatagramSocket> IpTransport::open_tunnel_socket(const Listener& listener,
                                                                std::uint32_t tunnel_id) {
    const int family = address_family(listener.local);
    try {
        const int fd = open_socket(family, SOCK_DGRAM, kIpProtoL2tp, "L2TP/IP socket");
        bind_socket(fd, l2tp_ip_address(listener.local, tunnel_id), listener.local);
        auto socket = DatagramSocket::adopt(io_, fd, receiver(true, family), batch_end_);
        tunnels_.emplace(tunnel_id, TunnelSocket{socket});
        return socket;
    } catch (const boost::system::system_error& e) {
        // Its peer's messages will not reach it: the tunnel fails by retransmission.
        if (without_socket_.count()) {
            spdlog::warn("tunnel {}: no L2TP/IP socket of its own: {} ({} tunnel(s) so far)",
                         tunnel_id, e.what(), without_socket_.total());
        }
        return nullptr;
    }
}

void IpTransport::send(const model::SendDatagram& datagram) {
    const Listener* listener = listener_for(datagram.to.family);
    if (listener == nullptr) {
        return;
    }
    if (listener->kernel_l2tp_ip) {
        // The kernel prepends the zero Session ID; the peer's messages for this tunnel reach
        // only a socket bound to its ID, so the tunnel gets one with its first message.
        std::shared_ptr<DatagramSocket> socket;
        if (const auto it = tunnels_.find(datagram.tunnel_id); it != tunnels_.end()) {
            socket = it->second.socket;
        } else if (datagram.tunnel_id != 0) {
            socket = open_tunnel_socket(*listener, datagram.tunnel_id);
        }
        (socket ? *socket : *listener->socket)
            .send_to(datagram.bytes, l2tp_ip_address(datagram.to, 0));
        return;
    }
    sent_.assign(kSessionIdSize, 0);
    sent_.insert(sent_.end(), datagram.bytes.begin(), datagram.bytes.end());
    listener->socket->send_to(sent_, inet_address(datagram.to));
}

std::optional<int> IpTransport::tunnel_socket(const model::InstallTunnel& tunnel) {
    const auto it = tunnels_.find(tunnel.tunnel_id);
    if (it == tunnels_.end()) {
        return std::nullopt;  // raw sockets are shared by every tunnel
    }
    const int fd = it->second.socket->native_handle();
    if (it->second.connected) {
        return fd;
    }
    const SocketAddress peer = l2tp_ip_address(tunnel.peer, tunnel.peer_tunnel_id);
    if (::connect(fd, peer.get(), peer.length) != 0) {
        spdlog::warn("tunnel {}: cannot connect its L2TP/IP socket to {}: {}", tunnel.tunnel_id,
                     tunnel.peer.to_string(), std::strerror(errno));
        return std::nullopt;
    }
    it->second.connected = true;
    return fd;
}

void IpTransport::release_tunnel(std::uint32_t tunnel_id) {
    if (const auto it = tunnels_.find(tunnel_id); it != tunnels_.end()) {
        it->second.socket->close();
        tunnels_.erase(it);
    }
}

std::vector<model::PeerEndpoint> IpTransport::local_endpoints() const {
    std::vector<model::PeerEndpoint> out;
    for (const Listener& l : listeners_) {
        out.push_back(l.local);
    }
    return out;
}

}  // namespace l2tp::transport
