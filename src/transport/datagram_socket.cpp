#include "transport/datagram_socket.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace l2tp::transport {

namespace asio = boost::asio;

namespace {

// Datagrams drained per readiness event before yielding to other sockets and timers, read
// kSlots at a time by one recvmmsg(2): a lone datagram costs one call, not a second one that
// finds the queue empty.
constexpr int kBatch = 64;
constexpr unsigned kSlots = 16;
constexpr std::size_t kSlotSize = 65536;  // the largest UDP payload: nothing is truncated

// The receive slots shared by every socket of the thread. The slots are left unwritten: zeroing
// their megabyte would fault in every page of it on the first datagram (milliseconds before the
// first tunnel after start could be answered), where recvmmsg touches only what it fills.
struct ReceiveBuffers {
    std::array<std::array<std::uint8_t, kSlotSize>, kSlots> data;
    std::array<sockaddr_storage, kSlots> from{};
    // Room for the SO_MARK control message SO_RCVMARK adds (and nothing else is asked for).
    alignas(cmsghdr)
        std::array<std::array<std::uint8_t, CMSG_SPACE(sizeof(std::uint32_t))>, kSlots> control{};
    std::array<iovec, kSlots> iov{};
    std::array<mmsghdr, kSlots> headers{};

    // Makes the headers point at their slots again (recvmmsg writes lengths into them).
    void reset() {
        for (unsigned i = 0; i < kSlots; ++i) {
            iov[i] = iovec{data[i].data(), kSlotSize};
            headers[i] = mmsghdr{};
            headers[i].msg_hdr.msg_name = &from[i];
            headers[i].msg_hdr.msg_namelen = sizeof from[i];
            headers[i].msg_hdr.msg_iov = &iov[i];
            headers[i].msg_hdr.msg_iovlen = 1;
            headers[i].msg_hdr.msg_control = control[i].data();
            headers[i].msg_hdr.msg_controllen = control[i].size();
        }
    }
};

// The mark of a received datagram (0 when the socket does not ask for it).
std::uint32_t mark_of(msghdr& header) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_MARK &&
            c->cmsg_len == CMSG_LEN(sizeof(std::uint32_t))) {
            std::uint32_t mark = 0;
            std::memcpy(&mark, CMSG_DATA(c), sizeof mark);
            return mark;
        }
    }
    return 0;
}

ReceiveBuffers& receive_buffers() {
    thread_local auto buffers = std::make_unique_for_overwrite<ReceiveBuffers>();
    return *buffers;
}

boost::system::system_error system_error(const std::string& what) {
    return {boost::system::error_code(errno, boost::system::system_category()), what};
}

}  // namespace

int open_socket(int family, int type, int protocol, const char* what) {
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        throw system_error(what);
    }
    return fd;
}

void enlarge_receive_buffer(int fd, int bytes) {
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
        (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    }
}

void receive_marks(int fd) {
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVMARK, &on, sizeof on) != 0) {
        const auto error = system_error("SO_RCVMARK (ipsec_marks needs Linux 5.19 or later)");
        ::close(fd);
        throw error;
    }
}

void mark_sent(int fd, std::uint32_t mark) {
    if (::setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0) {
        const auto error =
            system_error("SO_MARK " + std::to_string(mark) + " (needs CAP_NET_ADMIN)");
        ::close(fd);
        throw error;
    }
}

void bind_socket(int fd, const SocketAddress& address, const model::PeerEndpoint& local) {
    if (::bind(fd, address.get(), address.length) != 0) {
        const auto error = system_error("bind " + local.to_string());
        ::close(fd);
        throw error;
    }
}

std::shared_ptr<DatagramSocket> DatagramSocket::adopt(asio::io_context& io, int fd,
                                                      Receiver receiver, BatchEnd batch_end) {
    auto socket =
        std::make_shared<DatagramSocket>(io, fd, std::move(receiver), std::move(batch_end));
    socket->wait();
    return socket;
}

DatagramSocket::DatagramSocket(asio::io_context& io, int fd, Receiver receiver, BatchEnd batch_end)
    : fd_(fd),
      descriptor_(io, fd),
      receiver_(std::move(receiver)),
      batch_end_(std::move(batch_end)) {}

void DatagramSocket::wait() {
    descriptor_.async_wait(asio::posix::descriptor_base::wait_read,
                           [self = shared_from_this()](const boost::system::error_code& ec) {
                               if (ec || !self->descriptor_.is_open()) {
                                   return;
                               }
                               self->drain();
                           });
}

void DatagramSocket::drain() {
    ReceiveBuffers& buffers = receive_buffers();
    int drained = 0;  // datagrams and errors read
    bool delivered = false;
    while (drained < kBatch && descriptor_.is_open()) {
        buffers.reset();
        const int n = ::recvmmsg(fd_, buffers.headers.data(), kSlots, MSG_DONTWAIT, nullptr);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                break;
            }
            ++drained;  // a queued ICMP error on a connected socket: read past it
            continue;
        }
        for (int i = 0; i < n && descriptor_.is_open(); ++i) {
            receiver_(wire::Bytes(buffers.data[i].data(), buffers.headers[i].msg_len),
                      buffers.from[i], mark_of(buffers.headers[i].msg_hdr));
        }
        drained += n;
        delivered |= n > 0;
        if (static_cast<unsigned>(n) < kSlots) {
            break;  // the queue is empty
        }
    }
    if (delivered && batch_end_) {
        batch_end_();
    }
    if (descriptor_.is_open()) {
        wait();
    }
}

void DatagramSocket::send_to(wire::Bytes datagram, const SocketAddress& to, std::uint32_t mark) {
    if (mark == 0) {
        (void)::sendto(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT, to.get(), to.length);
        return;
    }
    iovec iov{const_cast<std::uint8_t*>(datagram.data()), datagram.size()};
    alignas(cmsghdr) std::array<std::uint8_t, CMSG_SPACE(sizeof mark)> control{};
    msghdr header{};
    header.msg_name = const_cast<sockaddr*>(to.get());
    header.msg_namelen = to.length;
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    header.msg_control = control.data();
    header.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SO_MARK;
    c->cmsg_len = CMSG_LEN(sizeof mark);
    std::memcpy(CMSG_DATA(c), &mark, sizeof mark);
    (void)::sendmsg(fd_, &header, MSG_DONTWAIT);
}

void DatagramSocket::send(wire::Bytes datagram) {
    (void)::send(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT);
}

void DatagramSocket::close() {
    boost::system::error_code ignored;
    descriptor_.close(ignored);
}

}  // namespace l2tp::transport
