// Out of descriptors (EMFILE), the management socket and the metrics endpoint cannot accept the
// connection waiting for them. They must neither spin on it (the socket stays readable: an
// accept again at once fails again at once) nor give up: once a descriptor is free, the
// connection is served.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "mgmt/control_server.hpp"
#include "mgmt/metrics_server.hpp"

namespace l2tp::mgmt {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// While it lives, no descriptor can be opened: the soft RLIMIT_NOFILE is lowered and every
// descriptor below it taken.
class DescriptorsExhausted {
  public:
    DescriptorsExhausted() {
        ::getrlimit(RLIMIT_NOFILE, &saved_);
        rlimit low = saved_;
        low.rlim_cur = std::min<rlim_t>(saved_.rlim_cur, 256);
        ::setrlimit(RLIMIT_NOFILE, &low);
        for (int fd; (fd = ::dup(STDERR_FILENO)) >= 0;) {
            taken_.push_back(fd);
        }
        errno_ = errno;
    }
    ~DescriptorsExhausted() { release(); }
    DescriptorsExhausted(const DescriptorsExhausted&) = delete;
    DescriptorsExhausted& operator=(const DescriptorsExhausted&) = delete;

    void release() {
        for (const int fd : taken_) {
            ::close(fd);
        }
        taken_.clear();
        ::setrlimit(RLIMIT_NOFILE, &saved_);
    }
    [[nodiscard]] int error() const { return errno_; }

  private:
    rlimit saved_{};
    std::vector<int> taken_;
    int errno_ = 0;
};

// Runs `io` until `done` or a bound passes.
template <typename Done>
void run_until(asio::io_context& io, Done done) {
    const auto bound = std::chrono::steady_clock::now() + 5s;
    while (!done() && std::chrono::steady_clock::now() < bound) {
        io.run_one_for(100ms);
    }
}

// How many accepts a listener may try in a window of 300 ms: one at once, then one per pause.
constexpr std::uint64_t kMostAttemptsIn300Ms = 300ms / AcceptBackoff::kPause + 2;

TEST(AcceptBackoff, TheManagementSocketWaitsForADescriptorAndThenServes) {
    asio::io_context io;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("l2tpd-backoff-test." + std::to_string(::getpid()));
    const std::string path = (dir / "l2tpd.sock").string();
    ControlServer server(io, path, [](const nlohmann::json&) { return nlohmann::json{{"ok", 1}}; });
    asio::local::stream_protocol::socket client(io);
    client.open();
    {
        DescriptorsExhausted exhausted;
        ASSERT_EQ(exhausted.error(), EMFILE);
        client.connect(asio::local::stream_protocol::endpoint(path));  // queued, not accepted
        io.run_for(300ms);
        EXPECT_GE(server.accept_errors(), 1u);
        EXPECT_LE(server.accept_errors(), kMostAttemptsIn300Ms);
    }
    asio::write(client, asio::buffer(std::string("{}\n")));
    std::string reply;
    bool answered = false;
    asio::async_read_until(
        client, asio::dynamic_buffer(reply), '\n',
        [&](const boost::system::error_code& ec, std::size_t) { answered = !ec; });
    run_until(io, [&] { return answered; });
    EXPECT_TRUE(answered);
    EXPECT_EQ(reply, "{\"ok\":1}\n");
    std::filesystem::remove_all(dir);
}

TEST(AcceptBackoff, TheMetricsEndpointWaitsForADescriptorAndThenServes) {
    asio::io_context io;
    MetricsServer server(
        io, {asio::ip::make_address("127.0.0.1"), 0}, [] { return std::string("l2tpd_up 1\n"); },
        MetricsServer::Limits{});
    asio::ip::tcp::socket client(io);
    client.open(asio::ip::tcp::v4());
    {
        DescriptorsExhausted exhausted;
        ASSERT_EQ(exhausted.error(), EMFILE);
        client.connect(server.local_endpoint());  // in the backlog, not accepted
        io.run_for(300ms);
        EXPECT_GE(server.accept_errors(), 1u);
        EXPECT_LE(server.accept_errors(), kMostAttemptsIn300Ms);
    }
    namespace http = boost::beast::http;
    http::request<http::empty_body> request{http::verb::get, "/metrics", 11};
    http::write(client, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    bool answered = false;
    http::async_read(client, buffer, response,
                     [&](const boost::system::error_code& ec, std::size_t) { answered = !ec; });
    run_until(io, [&] { return answered; });
    EXPECT_TRUE(answered);
    EXPECT_EQ(response.body(), "l2tpd_up 1\n");
}

}  // namespace
}  // namespace l2tp::mgmt
