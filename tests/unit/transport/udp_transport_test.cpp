#include "transport/udp_transport.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace l2tp::transport {
namespace {

// What SO_RCVBUF reads back after asking for `bytes`: the kernel doubles the request (for its
// bookkeeping), capped at net.core.rmem_max unless SO_RCVBUFFORCE (CAP_NET_ADMIN) was allowed.
int expected_receive_buffer(int bytes) {
    if (geteuid() == 0) {
        return 2 * bytes;
    }
    int rmem_max = 0;
    std::ifstream("/proc/sys/net/core/rmem_max") >> rmem_max;
    return 2 * std::min(bytes, rmem_max);
}

TEST(UdpTransport, ATunnelSocketOfItsOwnGetsTwoMebibytesOfReceiveBuffer) {
    boost::asio::io_context io;
    UdpTransport udp(io, [](wire::Bytes, const model::PeerEndpoint&) {}, [] {});
    udp.listen({model::PeerEndpoint::ipv4(127, 0, 0, 1, 17951)});

    model::InstallTunnel tunnel;
    tunnel.tunnel_id = 7;
    tunnel.peer_tunnel_id = 9;
    tunnel.peer = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17952);
    const std::optional<int> fd = udp.tunnel_socket(tunnel);
    ASSERT_TRUE(fd.has_value());

    int size = 0;
    socklen_t length = sizeof size;
    ASSERT_EQ(::getsockopt(*fd, SOL_SOCKET, SO_RCVBUF, &size, &length), 0);
    EXPECT_EQ(size, expected_receive_buffer(2 << 20));
}

}  // namespace
}  // namespace l2tp::transport
