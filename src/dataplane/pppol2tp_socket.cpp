#include "dataplane/pppol2tp_socket.hpp"

// glibc's headers first: linux/libc-compat.h then leaves out what they define.
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
// clang-format off
#include <linux/if_pppox.h>
// clang-format on

#include <cerrno>
#include <cstring>
#include <system_error>

namespace l2tp::dataplane {

namespace {

// The four address forms of linux/if_pppol2tp.h share these fields; the socket's peer
// address is not used for a tunnel that exists (it sends through the tunnel's socket).
template <typename Address>
Address channel_address(const PppChannelSpec& s) {
    Address a = {};
    a.sa_family = AF_PPPOX;
    a.sa_protocol = PX_PROTO_OL2TP;
    a.pppol2tp.fd = s.tunnel_socket;
    a.pppol2tp.s_tunnel = static_cast<decltype(a.pppol2tp.s_tunnel)>(s.tunnel_id);
    a.pppol2tp.s_session = static_cast<decltype(a.pppol2tp.s_session)>(s.session_id);
    a.pppol2tp.d_tunnel = static_cast<decltype(a.pppol2tp.d_tunnel)>(s.peer_tunnel_id);
    a.pppol2tp.d_session = static_cast<decltype(a.pppol2tp.d_session)>(s.peer_session_id);
    return a;
}

template <typename Address>
int connect_as(int fd, const PppChannelSpec& s) {
    const Address a = channel_address<Address>(s);
    // The forms are packed: connect() takes them from aligned storage.
    sockaddr_storage storage = {};
    static_assert(sizeof a <= sizeof storage);
    std::memcpy(&storage, &a, sizeof a);
    return connect(fd, reinterpret_cast<const sockaddr*>(&storage), sizeof a);
}

// Its text is errno's alone: the caller says what it concerns ("PPPoL2TP socket: ...").
Error socket_error(const char* call, int errno_value) {
    return Error{call, errno_value, std::generic_category().message(errno_value)};
}

}  // namespace

Result<int> open_pppol2tp_socket(const PppChannelSpec& s) {
    const int fd = socket(AF_PPPOX, SOCK_DGRAM | SOCK_CLOEXEC, PX_PROTO_OL2TP);
    if (fd < 0) {
        return socket_error("socket(AF_PPPOX)", errno);
    }
    // The kernel tells the forms apart by their size.
    int connected = 0;
    if (s.version == 2) {
        connected =
            s.ipv6 ? connect_as<sockaddr_pppol2tpin6>(fd, s) : connect_as<sockaddr_pppol2tp>(fd, s);
    } else {
        connected = s.ipv6 ? connect_as<sockaddr_pppol2tpv3in6>(fd, s)
                           : connect_as<sockaddr_pppol2tpv3>(fd, s);
    }
    if (connected != 0) {
        const int error = errno;
        close(fd);
        return socket_error("connect(PPPoL2TP)", error);
    }
    return fd;
}

}  // namespace l2tp::dataplane
