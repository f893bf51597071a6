#include "ppp/router_advertiser.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "l2tp/wire/printable.hpp"
#include "ppp/router_advertisement.hpp"

namespace l2tp::ppp {

namespace asio = boost::asio;

namespace {

in6_addr multicast(std::uint8_t last) {
    in6_addr group = {};
    group.s6_addr[0] = 0xff;
    group.s6_addr[1] = 0x02;
    group.s6_addr[15] = last;
    return group;
}

const in6_addr kAllNodes = multicast(1);    // RFC 4291 §2.7.1 ff02::1
const in6_addr kAllRouters = multicast(2);  // ff02::2, where solicitations go

// The interface's link-local address, the only source an advertisement may have (RFC 4861
// §6.1.2); none before pppd's IPv6CP has set it.
std::optional<in6_addr> link_local_address(const std::string& interface) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) {
        return std::nullopt;
    }
    std::optional<in6_addr> found;
    for (const ifaddrs* a = list; a != nullptr && !found; a = a->ifa_next) {
        if (a->ifa_addr != nullptr && a->ifa_addr->sa_family == AF_INET6 &&
            interface == a->ifa_name) {
            const in6_addr& address = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr;
            if (IN6_IS_ADDR_LINKLOCAL(&address)) {
                found = address;
            }
        }
    }
    freeifaddrs(list);
    return found;
}

// Only solicitations reach it (ICMP6_FILTER), with their hop limit; what it sends leaves with
// Hop Limit 255 through the interface alone, not looped back to us.
int open_socket(const std::string& interface, unsigned index) {
    const int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
    if (fd < 0) {
        return -1;
    }
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
    const int hops = 255;
    const int on = 1;
    const int off = 0;
    const ipv6_mreq routers{kAllRouters, index};
    const bool ok =
        setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(), interface.size()) == 0 &&
        setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof off) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof index) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) == 0 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &routers, sizeof routers) == 0;
    if (!ok) {
        const int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

}  // namespace

dataplane::Result<std::shared_ptr<RouterAdvertiser>> RouterAdvertiser::start(
    asio::io_context& io, const std::string& interface, const Ipv6Prefix& prefix,
    PppdCounters& counters) {
    const unsigned index = if_nametoindex(interface.c_str());
    if (index == 0) {
        return dataplane::Error::of_call("if_nametoindex", errno);
    }
    const int fd = open_socket(interface, index);
    if (fd < 0) {
        return dataplane::Error::of_call("ICMPv6 socket", errno);
    }
    std::shared_ptr<RouterAdvertiser> advertiser;
    try {
        advertiser = std::make_shared<RouterAdvertiser>(io, fd, interface, index, prefix, counters);
    } catch (const std::system_error& error) {  // the reactor could not take the descriptor
        close(fd);
        return dataplane::Error::of_call("ICMPv6 socket", error.code().value());
    }
    advertiser->schedule(Clock::now());
    advertiser->await_solicitation();
    return advertiser;
}

RouterAdvertiser::RouterAdvertiser(asio::io_context& io, int fd, std::string interface,
                                   unsigned interface_index, const Ipv6Prefix& prefix,
                                   PppdCounters& counters)
    : socket_(io, fd),
      timer_(io),
      interface_(std::move(interface)),
      interface_index_(interface_index),
      advertisement_(router_advertisement(prefix)),
      counters_(counters) {}

void RouterAdvertiser::schedule(Clock::time_point at) {
    timer_.expires_at(at);
    timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        if (const auto self = weak.lock(); self && !ec) {
            self->advertise();
        }
    });
}

void RouterAdvertiser::advertise() {
    const auto source = link_local_address(interface_);
    if (!source) {
        schedule(Clock::now() + address_wait_);
        address_wait_ =
            std::min<std::chrono::seconds>(2 * address_wait_, kRouterAdvertisementInterval);
        return;
    }
    sockaddr_in6 to = {};
    to.sin6_family = AF_INET6;
    to.sin6_addr = kAllNodes;
    to.sin6_scope_id = interface_index_;
    iovec iov{advertisement_.data(), advertisement_.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
    msghdr message = {};
    message.msg_name = &to;
    message.msg_namelen = sizeof to;
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    const in6_pktinfo from{*source, interface_index_};
    std::memcpy(CMSG_DATA(c), &from, sizeof from);
    if (sendmsg(socket_.native_handle(), &message, MSG_DONTWAIT) < 0) {
        ++counters_.router_advertisement_failures;
        spdlog::warn("{}: Router Advertisement not sent: {}", wire::printable(interface_),
                     std::strerror(errno));
    } else {
        ++counters_.router_advertisements_sent;
        ++sent_;
        last_sent_ = Clock::now();
    }
    schedule(Clock::now() + (sent_ < kInitialRouterAdvertisements
                                 ? kInitialRouterAdvertisementInterval
                                 : kRouterAdvertisementInterval));
}

void RouterAdvertiser::await_solicitation() {
    socket_.async_wait(asio::posix::stream_descriptor::wait_read,
                       [weak = weak_from_this()](const boost::system::error_code& ec) {
                           if (const auto self = weak.lock(); self && !ec) {
                               self->read_solicitations();
                               self->await_solicitation();
                           }
                       });
}

void RouterAdvertiser::read_solicitations() {
    bool solicited = false;
    for (;;) {
        std::uint8_t packet[1280];  // the IPv6 minimum MTU: a solicitation is far smaller
        sockaddr_in6 from = {};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
        iovec iov{packet, sizeof packet};
        msghdr message = {};
        message.msg_name = &from;
        message.msg_namelen = sizeof from;
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        const ssize_t n = recvmsg(socket_.native_handle(), &message, MSG_DONTWAIT);
        if (n < 0) {
            break;  // EAGAIN: all read
        }
        int hop_limit = -1;
        for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
            if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
                std::memcpy(&hop_limit, CMSG_DATA(c), sizeof hop_limit);
            }
        }
        solicited = solicited ||
                    valid_router_solicitation(std::span(packet, static_cast<std::size_t>(n)),
                                              hop_limit, IN6_IS_ADDR_UNSPECIFIED(&from.sin6_addr));
    }
    const Clock::time_point earliest = last_sent_ + kMinDelayBetweenAdvertisements;
    if (solicited && timer_.expiry() > earliest) {
        schedule(std::max(Clock::now(), earliest));
    }
}

}  // namespace l2tp::ppp
