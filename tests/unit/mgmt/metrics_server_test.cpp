// The Prometheus endpoint's HTTP: what it answers, and the bounds a scraper cannot push past.
#include "mgmt/metrics_server.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace l2tp::mgmt {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

// A server on 127.0.0.1 (any port) whose reactor runs on its own thread, so that the test's
// blocking client can talk to it.
class Served {
  public:
    explicit Served(MetricsServer::Render render, MetricsServer::Limits limits = {})
        : server_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), std::move(render),
                  limits),
          work_(asio::make_work_guard(io_)),
          thread_([this] { io_.run(); }) {}
    ~Served() { stop(); }
    Served(const Served&) = delete;
    Served& operator=(const Served&) = delete;

    // Stops the reactor; the server's state may then be read from the test's thread.
    void stop() {
        work_.reset();
        io_.stop();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    tcp::socket connect() {
        tcp::socket socket(client_io_);
        socket.connect(server_.local_endpoint());
        return socket;
    }

    MetricsServer& server() { return server_; }

  private:
    asio::io_context io_;
    MetricsServer server_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::thread thread_;
    asio::io_context client_io_;
};

// Reads one answer: headers, then Content-Length octets of body (none for HEAD).
std::string read_answer(tcp::socket& socket, bool head = false) {
    asio::streambuf buffer;
    boost::system::error_code ec;
    asio::read_until(socket, buffer, "\r\n\r\n", ec);
    if (ec) {
        return {};
    }
    std::string text(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
    const std::size_t header_end = text.find("\r\n\r\n") + 4;
    std::size_t length = 0;
    if (const auto at = text.find("Content-Length: "); at != std::string::npos && !head) {
        length = std::stoul(text.substr(at + 16));
    }
    if (text.size() < header_end + length) {
        asio::read(socket, buffer, asio::transfer_exactly(header_end + length - text.size()), ec);
        text.assign(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
    }
    return text.substr(0, header_end + length);
}

std::string ask(tcp::socket& socket, const std::string& request, bool head = false) {
    asio::write(socket, asio::buffer(request));
    return read_answer(socket, head);
}

// Whether the server closed the connection (after anything it still sent).
bool closed_by_server(tcp::socket& socket) {
    std::array<char, 256> chunk{};
    boost::system::error_code ec;
    while (!ec) {
        (void)socket.read_some(asio::buffer(chunk), ec);
    }
    return ec == asio::error::eof || ec == asio::error::connection_reset;
}

const std::string kGet = "GET /metrics HTTP/1.1\r\nHost: l2tpd\r\n\r\n";

TEST(MetricsServer, GetMetricsIsAnsweredInTheTextFormatOverOneKeptConnection) {
    int scrapes = 0;
    Served served([&] { return "l2tpd_scrapes " + std::to_string(++scrapes) + "\n"; });
    tcp::socket socket = served.connect();
    const std::string first = ask(socket, kGet);
    EXPECT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
    EXPECT_NE(first.find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"),
              std::string::npos);
    EXPECT_NE(first.find("\r\n\r\nl2tpd_scrapes 1\n"), std::string::npos) << first;
    // Prometheus keeps its connection: the next scrape is answered on it, rendered anew.
    const std::string second = ask(socket, "GET /metrics?x=1 HTTP/1.1\r\nHost: l2tpd\r\n\r\n");
    EXPECT_NE(second.find("\r\n\r\nl2tpd_scrapes 2\n"), std::string::npos) << second;
}

TEST(MetricsServer, OtherPathsAndMethodsAreRefusedAndHeadHasNoBody) {
    Served served([] { return std::string("l2tpd_up 1\n"); });
    tcp::socket socket = served.connect();
    const std::string missing = ask(socket, "GET / HTTP/1.1\r\nHost: l2tpd\r\n\r\n");
    EXPECT_EQ(missing.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << missing;
    const std::string post =
        ask(socket, "POST /metrics HTTP/1.1\r\nHost: l2tpd\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(post.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u) << post;
    EXPECT_NE(post.find("Allow: GET, HEAD\r\n"), std::string::npos);
    const std::string head = ask(socket, "HEAD /metrics HTTP/1.1\r\nHost: l2tpd\r\n\r\n", true);
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
    EXPECT_NE(head.find("Content-Length: 11\r\n"), std::string::npos) << head;
    // No body followed the HEAD answer: the next answer starts right where it ended.
    const std::string after = ask(socket, kGet);
    EXPECT_EQ(after.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << after;
}

TEST(MetricsServer, AFailingRenderIsAnswered500AndTheServerGoesOn) {
    bool fail = true;
    Served served([&]() -> std::string {
        if (std::exchange(fail, false)) {
            throw std::runtime_error("broken");
        }
        return "l2tpd_up 1\n";
    });
    tcp::socket socket = served.connect();
    EXPECT_EQ(ask(socket, kGet).rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u);
    EXPECT_EQ(ask(socket, kGet).rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

TEST(MetricsServer, ConnectionsBeyondTheLimitAreClosedAndCounted) {
    Served served([] { return std::string("l2tpd_up 1\n"); }, {1, 10s});
    tcp::socket first = served.connect();
    ASSERT_EQ(ask(first, kGet).rfind("HTTP/1.1 200", 0), 0u);  // accepted and open
    tcp::socket second = served.connect();
    EXPECT_TRUE(closed_by_server(second));
    first.close();
    served.stop();
    EXPECT_EQ(served.server().refused_connections(), 1u);
}

TEST(MetricsServer, AnOversizedRequestOrASilentClientIsDisconnected) {
    Served served([] { return std::string("l2tpd_up 1\n"); }, {16, 200ms});
    tcp::socket big = served.connect();
    const std::string header =
        "GET /metrics HTTP/1.1\r\nX-Padding: " + std::string(16384, 'a') + "\r\n\r\n";
    boost::system::error_code ec;
    asio::write(big, asio::buffer(header), ec);
    EXPECT_TRUE(closed_by_server(big));
    // A client that never finishes its request is dropped once the idle timeout passes.
    tcp::socket silent = served.connect();
    asio::write(silent, asio::buffer(std::string("GET /metrics HTTP/1.1\r\n")));
    EXPECT_TRUE(closed_by_server(silent));
}

}  // namespace
}  // namespace l2tp::mgmt
