// One non-blocking datagram socket on the Asio reactor (UDP, raw IP or L2TP/IP alike): waits
// for readiness, drains what is queued into one buffer shared by every socket of the thread,
// and hands each datagram with its sender to a callback, then says that the batch is over (the
// engine's acknowledgements wait for that: docs/architecture.md, "Latency"), with the packet
// mark it arrived with where SO_RCVMARK asks for it (else 0). Sockets are
// shared_ptr-owned so that a callback may close the socket it is called from.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <functional>
#include <memory>

#include "l2tp/wire/bytes.hpp"
#include "transport/socket_address.hpp"

namespace l2tp::transport {

class DatagramSocket : public std::enable_shared_from_this<DatagramSocket> {
  public:
    using Receiver =
        std::function<void(wire::Bytes, const sockaddr_storage& from, std::uint32_t mark)>;
    // Runs once what the socket had queued has been handed over (not when it was empty).
    using BatchEnd = std::function<void()>;

    // Takes ownership of `fd` and starts receiving.
    static std::shared_ptr<DatagramSocket> adopt(boost::asio::io_context& io, int fd,
                                                 Receiver receiver, BatchEnd batch_end = {});
    DatagramSocket(boost::asio::io_context& io, int fd, Receiver receiver, BatchEnd batch_end);

    // Control messages are small and retransmitted by the reliable channel: a full socket
    // buffer or an ICMP error loses the datagram and nothing else, so errors are not reported.
    // A mark other than 0 goes with the datagram as an SO_MARK control message (socket(7)):
    // the IPsec policy with that mark, and so the SA of the peer it names, encrypts it.
    void send_to(wire::Bytes datagram, const SocketAddress& to, std::uint32_t mark = 0);
    void send(wire::Bytes datagram);  // on a connect()ed socket
    void close();
    [[nodiscard]] int native_handle() const { return fd_; }

  private:
    void wait();
    void drain();

    int fd_;
    boost::asio::posix::stream_descriptor descriptor_;
    Receiver receiver_;
    BatchEnd batch_end_;
};

// A failure that recurs for every new tunnel once descriptors run out: count() says which
// occurrences to log (the 1st, 10th, 100th...), so the log does not grow with the tunnels.
class RecurringFailure {
  public:
    bool count() {
        if (++total_ != next_log_) {
            return false;
        }
        next_log_ *= 10;
        return true;
    }
    [[nodiscard]] std::uint64_t total() const { return total_; }

  private:
    std::uint64_t total_ = 0;
    std::uint64_t next_log_ = 1;
};

// A socket() that throws boost::system::system_error naming `what` when it fails.
int open_socket(int family, int type, int protocol, const char* what);
// A listener's queue must absorb a burst of SCCRQs from many peers at once, a tunnel's own
// socket a burst of one peer's calls: each small datagram costs about a kilobyte of the
// receive buffer, so the default (~200 KiB) drops a burst of a few hundred. Asks for `bytes`
// (beyond net.core.rmem_max when privileged).
void enlarge_receive_buffer(int fd, int bytes);
// Has the socket say the mark of every datagram it receives (SO_RCVMARK, Linux 5.19); closes
// `fd` and throws boost::system::system_error when the kernel cannot.
void receive_marks(int fd);
// Marks what the socket sends (SO_MARK; CAP_NET_ADMIN); closes `fd` and throws
// boost::system::system_error when it cannot.
void mark_sent(int fd, std::uint32_t mark);
// bind() to `address` (made from `local`); closes `fd` and throws boost::system::system_error
// naming `local` when it fails.
void bind_socket(int fd, const SocketAddress& address, const model::PeerEndpoint& local);

}  // namespace l2tp::transport
