#include "driver/accounting_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <exception>

#include "l2tp/wire/random.hpp"

namespace l2tp::driver {

namespace {

constexpr std::size_t kSecretOctets = 16;

std::string hex_secret() {
    constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t octet : wire::system_random().octets(kSecretOctets)) {
        out.push_back(kDigits[octet >> 4]);
        out.push_back(kDigits[octet & 0xf]);
    }
    return out;
}

transport::SocketAddress loopback_any_port() {
    transport::SocketAddress address;
    auto* in = reinterpret_cast<sockaddr_in*>(&address.storage);
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.length = sizeof(sockaddr_in);
    return address;
}

std::uint16_t bound_port(int fd) {
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
        throw boost::system::system_error(
            boost::system::error_code(errno, boost::system::system_category()),
            "accounting relay: getsockname");
    }
    return ntohs(bound.sin_port);
}

}  // namespace

AccountingRelay::AccountingRelay(boost::asio::io_context& io, StartHandler on_start)
    : on_start_(std::move(on_start)), secret_(hex_secret()) {
    const int fd = transport::open_socket(AF_INET, SOCK_DGRAM, 0, "accounting relay socket");
    const transport::SocketAddress address = loopback_any_port();
    if (::bind(fd, address.get(), address.length) != 0) {
        const int error = errno;
        ::close(fd);
        throw boost::system::system_error(
            boost::system::error_code(error, boost::system::system_category()),
            "accounting relay: bind 127.0.0.1");
    }
    try {
        port_ = bound_port(fd);
    } catch (...) {
        ::close(fd);
        throw;
    }
    socket_ = transport::DatagramSocket::adopt(
        io, fd, [this](wire::Bytes datagram, const sockaddr_storage& from, std::uint32_t) {
            receive(datagram, from);
        });
}

AccountingRelay::~AccountingRelay() {
    socket_->close();
}

void AccountingRelay::receive(wire::Bytes datagram, const sockaddr_storage& from) {
    const std::string_view secret = secret_;
    const radius::RelayedRequest relayed = radius::relay_accounting_request(
        datagram, wire::Bytes(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()));
    ++counts_[static_cast<std::size_t>(relayed.verdict)];
    if (relayed.response.empty() && drops_.count()) {
        // radius.so waits for an answer it will not get: its pppd stalls, so say why.
        spdlog::warn("accounting relay: a request from radius.so dropped: {}{}{} ({} so far)",
                     radius::relay_verdict_name(relayed.verdict), relayed.fault.empty() ? "" : ": ",
                     relayed.fault, drops_.total());
    }
    if (!relayed.response.empty()) {
        transport::SocketAddress to;
        to.storage = from;
        to.length = from.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
        socket_->send_to(relayed.response, to);
    }
    if (relayed.start) {
        // No exception escapes to the reactor: a failing handler loses this Start only.
        try {
            on_start_(*relayed.start);
        } catch (const std::exception& e) {
            spdlog::error("accounting relay: radius.so's Start for NAS-Port {} not taken: {}",
                          relayed.start->nas_port, e.what());
        }
    }
}

}  // namespace l2tp::driver
