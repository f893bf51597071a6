#include "dataplane/ipv6_route.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <cstring>

#include "dataplane/link_control.hpp"

namespace l2tp::dataplane {

namespace {

// The kernel answers an RTM_NEWROUTE at once; this only bounds a wait that should not be.
constexpr int kReceiveTimeoutSeconds = 5;

struct RouteRequest {
    nlmsghdr header;
    rtmsg route;
    rtattr destination_header;
    std::array<std::uint8_t, 16> destination;
    rtattr interface_header;
    std::uint32_t interface;
};

// The one answer to a request with NLM_F_ACK: an NLMSG_ERROR whose error is 0 or -errno.
int transact(const RouteRequest& request) {
    const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        return errno;
    }
    const timeval timeout{kReceiveTimeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_nl kernel = {};
    kernel.nl_family = AF_NETLINK;
    int error = 0;
    if (sendto(fd, &request, sizeof request, 0, reinterpret_cast<const sockaddr*>(&kernel),
               sizeof kernel) != static_cast<ssize_t>(sizeof request)) {
        error = errno;
    }
    while (error == 0) {
        alignas(nlmsghdr) char answer[1024];
        const ssize_t n = recv(fd, answer, sizeof answer, 0);
        if (n < 0) {
            error = errno == EAGAIN ? ETIMEDOUT : errno;
            break;
        }
        const auto* header = reinterpret_cast<const nlmsghdr*>(answer);
        if (!NLMSG_OK(header, static_cast<unsigned>(n)) ||
            header->nlmsg_seq != request.header.nlmsg_seq || header->nlmsg_type != NLMSG_ERROR) {
            continue;  // not the answer to this request
        }
        const auto* answered = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
        error = -answered->error;
        break;
    }
    close(fd);
    return error;
}

}  // namespace

Result<void> add_ipv6_route(const std::array<std::uint8_t, 16>& prefix, std::uint8_t length,
                            std::string_view ifname) {
    const Result<unsigned> index = interface_index(ifname);
    if (!index) {
        return index.error();
    }
    RouteRequest request = {};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = RTM_NEWROUTE;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
    request.header.nlmsg_seq = 1;
    request.route.rtm_family = AF_INET6;
    request.route.rtm_dst_len = length;
    request.route.rtm_table = RT_TABLE_MAIN;
    request.route.rtm_protocol = RTPROT_STATIC;
    request.route.rtm_scope = RT_SCOPE_UNIVERSE;
    request.route.rtm_type = RTN_UNICAST;
    request.destination_header.rta_len = RTA_LENGTH(sizeof request.destination);
    request.destination_header.rta_type = RTA_DST;
    request.destination = prefix;
    request.interface_header.rta_len = RTA_LENGTH(sizeof request.interface);
    request.interface_header.rta_type = RTA_OIF;
    request.interface = index.value();
    static_assert(sizeof(RouteRequest) == NLMSG_LENGTH(sizeof(rtmsg)) + RTA_SPACE(16) +
                                              RTA_SPACE(sizeof(std::uint32_t)),
                  "the request is laid out as rtnetlink reads it, without padding");
    if (const int error = transact(request); error != 0) {
        return Error::of_call("RTM_NEWROUTE", error);
    }
    return {};
}

}  // namespace l2tp::dataplane
