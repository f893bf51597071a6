#include "datagram_socket.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace l2tp::transport {

namespace asio = boost::asio;

namespace {

// Datagrams drained per readiness event before yielding to other sockets and timers.
constexpr int kBatch = 64;

std::array<std::uint8_t, 65536>& receive_buffer() {
    thread_local std::array<std::uint8_t, 65536> buffer{};
    return buffer;
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

void bind_socket(int fd, const SocketAddress& address, const engine::PeerEndpoint& local) {
    if (::bind(fd, address.get(), address.length) != 0) {
        const auto error = system_error("bind " + local.to_string());
        ::close(fd);
        throw error;
    }
}

std::shared_ptr<DatagramSocket> DatagramSocket::adopt(asio::io_context& io, int fd,
                                                      Receiver receiver) {
    auto socket = std::make_shared<DatagramSocket>(io, fd, std::move(receiver));
    socket->wait();
    return socket;
}

DatagramSocket::DatagramSocket(asio::io_context& io, int fd, Receiver receiver)
    : fd_(fd), descriptor_(io, fd), receiver_(std::move(receiver)) {}

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
    auto& buffer = receive_buffer();
    for (int i = 0; i < kBatch && descriptor_.is_open(); ++i) {
        sockaddr_storage from{};
        socklen_t from_length = sizeof from;
        const ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &from_length);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                break;
            }
            continue;  // a queued ICMP error on a connected socket: read past it
        }
        receiver_(wire::Bytes(buffer.data(), static_cast<std::size_t>(n)), from);
    }
    if (descriptor_.is_open()) {
        wait();
    }
}

void DatagramSocket::send_to(wire::Bytes datagram, const SocketAddress& to) {
    (void)::sendto(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT, to.get(), to.length);
}

void DatagramSocket::send(wire::Bytes datagram) {
    (void)::send(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT);
}

void DatagramSocket::close() {
    boost::system::error_code ignored;
    descriptor_.close(ignored);
}

}  // namespace l2tp::transport
