#include "transport/socket_address.hpp"

#include <linux/l2tp.h>

#include <algorithm>
#include <cstring>

namespace l2tp::transport {

namespace {

using Family = model::PeerEndpoint::Family;

bool is_v4(const model::PeerEndpoint& e) {
    return e.family == Family::kIpv4;
}

}  // namespace

int address_family(const model::PeerEndpoint& e) {
    return is_v4(e) ? AF_INET : AF_INET6;
}

SocketAddress inet_address(const model::PeerEndpoint& e) {
    SocketAddress out;
    const std::uint16_t port = e.encapsulation == wire::Encapsulation::kUdp ? e.port : 0;
    if (is_v4(e)) {
        auto& a = reinterpret_cast<sockaddr_in&>(out.storage);
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        std::memcpy(&a.sin_addr, e.address.data(), 4);
        out.length = sizeof a;
    } else {
        auto& a = reinterpret_cast<sockaddr_in6&>(out.storage);
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(port);
        std::memcpy(&a.sin6_addr, e.address.data(), 16);
        out.length = sizeof a;
    }
    return out;
}

SocketAddress l2tp_ip_address(const model::PeerEndpoint& e, std::uint32_t connection_id) {
    static_assert(sizeof(sockaddr_l2tpip6) <= sizeof(sockaddr_storage));
    SocketAddress out;
    if (is_v4(e)) {
        auto& a = reinterpret_cast<sockaddr_l2tpip&>(out.storage);
        a.l2tp_family = AF_INET;
        std::memcpy(&a.l2tp_addr, e.address.data(), 4);
        a.l2tp_conn_id = connection_id;
        out.length = sizeof a;
    } else {
        auto& a = reinterpret_cast<sockaddr_l2tpip6&>(out.storage);
        a.l2tp_family = AF_INET6;
        std::memcpy(&a.l2tp_addr, e.address.data(), 16);
        a.l2tp_conn_id = connection_id;
        out.length = sizeof a;
    }
    return out;
}

model::PeerEndpoint endpoint_of(const sockaddr_storage& address,
                                wire::Encapsulation encapsulation) {
    model::PeerEndpoint out;
    out.encapsulation = encapsulation;
    if (address.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(address);
        std::memcpy(out.address.data(), &a.sin_addr, 4);
        out.port = ntohs(a.sin_port);
    } else {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(address);
        const std::uint8_t* bytes = a.sin6_addr.s6_addr;
        out.port = ntohs(a.sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&a.sin6_addr)) {
            std::copy_n(bytes + 12, 4, out.address.begin());
        } else {
            out.family = Family::kIpv6;
            std::copy_n(bytes, 16, out.address.begin());
        }
    }
    if (encapsulation == wire::Encapsulation::kIp) {
        out.port = 0;  // sockaddr_l2tpip keeps the address where sockaddr_in does
    }
    return out;
}

}  // namespace l2tp::transport
