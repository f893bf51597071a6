#include "udp_transport.hpp"

namespace l2tp::transport {

namespace asio = boost::asio;
using asio::ip::udp;

udp::endpoint to_asio(const engine::PeerEndpoint& e) {
    if (e.family == engine::PeerEndpoint::Family::kIpv4) {
        asio::ip::address_v4::bytes_type b{};
        std::copy_n(e.address.begin(), b.size(), b.begin());
        return {asio::ip::address_v4(b), e.port};
    }
    asio::ip::address_v6::bytes_type b{};
    std::copy_n(e.address.begin(), b.size(), b.begin());
    return {asio::ip::address_v6(b), e.port};
}

engine::PeerEndpoint from_asio(const udp::endpoint& e) {
    engine::PeerEndpoint out;
    out.port = e.port();
    asio::ip::address a = e.address();
    if (a.is_v6() && a.to_v6().is_v4_mapped()) {
        a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
    }
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), out.address.begin());
    } else {
        out.family = engine::PeerEndpoint::Family::kIpv6;
        const auto b = a.to_v6().to_bytes();
        std::copy(b.begin(), b.end(), out.address.begin());
    }
    return out;
}

UdpTransport::UdpTransport(asio::io_context& io, Handler handler)
    : io_(io), handler_(std::move(handler)) {}

void UdpTransport::listen(const std::vector<engine::PeerEndpoint>& addresses) {
    for (const engine::PeerEndpoint& address : addresses) {
        const udp::endpoint local = to_asio(address);
        auto listener = std::make_unique<Listener>(Listener{udp::socket(io_), {}, {}});
        listener->socket.open(local.protocol());
        if (local.address().is_v6()) {
            listener->socket.set_option(asio::ip::v6_only(true));
        }
        listener->socket.set_option(asio::socket_base::reuse_address(true));
        boost::system::error_code ec;
        listener->socket.bind(local, ec);
        if (ec) {
            throw boost::system::system_error(ec, "bind " + address.to_string());
        }
        receive(*listener);
        listeners_.push_back(std::move(listener));
    }
}

void UdpTransport::receive(Listener& listener) {
    listener.socket.async_receive_from(
        asio::buffer(listener.buffer), listener.sender,
        [this, &listener](const boost::system::error_code& ec, std::size_t size) {
            if (ec == asio::error::operation_aborted) {
                return;
            }
            if (!ec) {
                handler_(wire::Bytes(listener.buffer.data(), size), from_asio(listener.sender));
            }
            receive(listener);
        });
}

UdpTransport::Listener* UdpTransport::socket_for(const engine::PeerEndpoint& to) {
    const bool v6 = to.family == engine::PeerEndpoint::Family::kIpv6;
    for (auto& l : listeners_) {
        if (l->socket.local_endpoint().address().is_v6() == v6) {
            return l.get();
        }
    }
    return nullptr;
}

void UdpTransport::send(const engine::PeerEndpoint& to, wire::Bytes datagram) {
    Listener* l = socket_for(to);
    if (l == nullptr) {
        return;
    }
    boost::system::error_code ec;
    // Control messages are small and the socket is non-blocking in spirit: a full buffer loses
    // the datagram, which the reliable channel retransmits.
    l->socket.send_to(asio::buffer(datagram.data(), datagram.size()), to_asio(to), 0, ec);
}

std::vector<engine::PeerEndpoint> UdpTransport::local_endpoints() const {
    std::vector<engine::PeerEndpoint> out;
    for (const auto& l : listeners_) {
        out.push_back(from_asio(l->socket.local_endpoint()));
    }
    return out;
}

}  // namespace l2tp::transport
