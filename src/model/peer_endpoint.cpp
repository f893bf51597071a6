#include "l2tp/model/peer_endpoint.hpp"

#include <arpa/inet.h>

namespace l2tp::model {

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

bool same_host(const PeerEndpoint& a, const PeerEndpoint& b) {
    return a.family == b.family && a.address == b.address && a.encapsulation == b.encapsulation;
}

std::string PeerEndpoint::address_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(family == Family::kIpv4 ? AF_INET : AF_INET6, address.data(), text, sizeof text);
    return text;
}

std::string PeerEndpoint::to_string() const {
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, its bug 105329) about
    // "literal" + std::string&&.
    std::string out;
    if (family == Family::kIpv6) {
        out.append("[").append(address_string()).append("]");
    } else {
        out = address_string();
    }
    encapsulation == wire::Encapsulation::kIp ? out.append("/ip")
                                              : out.append(":").append(std::to_string(port));
    return mark == 0 ? out : out.append(" mark ").append(std::to_string(mark));
}

std::size_t PeerEndpointHash::operator()(const PeerEndpoint& e) const {
    std::size_t h = static_cast<std::size_t>(e.family) * 31 + e.port;
    for (std::uint8_t b : e.address) {
        h = h * 131 + b;
    }
    return (h * 2 + static_cast<std::size_t>(e.encapsulation)) * 31 + e.mark;
}

}  // namespace l2tp::model
