#include "dataplane/path_mtu.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace l2tp::dataplane {

namespace {

constexpr int kEthernetHeader = 14;

// The route's MTU towards `peer`: a UDP socket connected to it (nothing is sent) knows it.
Result<int> route_mtu(const IpAddress& peer) {
    const int fd = ::socket(peer.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return Error::of_call("socket", errno);
    }
    sockaddr_storage to{};
    socklen_t length = 0;
    if (peer.family == AF_INET) {
        auto* in = reinterpret_cast<sockaddr_in*>(&to);
        in->sin_family = AF_INET;
        in->sin_port = htons(1701);
        in->sin_addr = peer.v4;
        length = sizeof *in;
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&to);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(1701);
        in6->sin6_addr = peer.v6;
        length = sizeof *in6;
    }
    const auto answer = [&]() -> Result<int> {
        if (::connect(fd, reinterpret_cast<sockaddr*>(&to), length) != 0) {
            return Error::of_call("connect", errno);
        }
        int mtu = 0;
        socklen_t size = sizeof mtu;
        const bool v4 = peer.family == AF_INET;
        if ((v4 ? ::getsockopt(fd, IPPROTO_IP, IP_MTU, &mtu, &size)
                : ::getsockopt(fd, IPPROTO_IPV6, IPV6_MTU, &mtu, &size)) != 0) {
            return Error::of_call(v4 ? "getsockopt(IP_MTU)" : "getsockopt(IPV6_MTU)", errno);
        }
        return mtu;
    }();
    ::close(fd);
    return answer;
}

}  // namespace

MtuDerivation derive_mtu(int route_mtu, const std::string& route, bool ipv6,
                         const EncapsulationOverhead& o) {
    MtuDerivation d{route_mtu, std::to_string(route_mtu) + " (" + route + ")"};
    auto less = [&](int octets, const char* what) {
        if (octets != 0) {
            d.mtu -= octets;
            d.how += " - " + std::to_string(octets) + " " + what;
        }
    };
    less(ipv6 ? 40 : 20, ipv6 ? "IPv6" : "IPv4");
    if (o.udp) {
        less(8, "UDP");
        less(8, "L2TPv3 header");
    } else {
        less(4, "L2TPv3 Session ID");
    }
    less(static_cast<int>(o.cookie), "cookie");
    less(o.sublayer ? 4 : 0, "L2-Specific Sublayer");
    less(kEthernetHeader, "Ethernet");
    d.how += " = " + std::to_string(d.mtu);
    return d;
}

Result<MtuDerivation> derive_mtu(const IpAddress& peer, const EncapsulationOverhead& o) {
    const auto mtu = route_mtu(peer);
    if (!mtu) {
        return mtu.error();
    }
    return derive_mtu(mtu.value(), "route to " + peer.to_string(), peer.family == AF_INET6, o);
}

}  // namespace l2tp::dataplane
