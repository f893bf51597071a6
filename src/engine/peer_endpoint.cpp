#include "l2tp/engine/peer_endpoint.hpp"

#include <arpa/inet.h>

namespace l2tp::engine {

PeerEndpoint PeerEndpoint::ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                                std::uint16_t port) {
    PeerEndpoint e;
    e.address[0] = a;
    e.address[1] = b;
    e.address[2] = c;
    e.address[3] = d;
    e.port = port;
    return e;
}

std::string PeerEndpoint::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    const bool v4 = family == Family::kIpv4;
    inet_ntop(v4 ? AF_INET : AF_INET6, address.data(), text, sizeof text);
    const std::string host = v4 ? text : "[" + std::string(text) + "]";
    return encapsulation == wire::Encapsulation::kIp ? host + "/ip"
                                                     : host + ":" + std::to_string(port);
}

std::size_t PeerEndpointHash::operator()(const PeerEndpoint& e) const {
    std::size_t h = static_cast<std::size_t>(e.family) * 31 + e.port;
    for (std::uint8_t b : e.address) {
        h = h * 131 + b;
    }
    return h * 2 + static_cast<std::size_t>(e.encapsulation);
}

}  // namespace l2tp::engine
