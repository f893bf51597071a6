// The opt-in Prometheus endpoint (`metrics: {listen: ...}`): HTTP/1.1 on the daemon's reactor,
// so a scrape reads the engine between two events and needs no lock. GET (or HEAD) /metrics is
// answered with the text exposition format; any other path 404, any other method 405.
// Connections are bounded in number, request size and time: a scraper cannot grow state.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "mgmt/accept_backoff.hpp"

namespace l2tp::mgmt {

class MetricsServer {
  public:
    // The body of an answer to GET /metrics.
    using Render = std::function<std::string()>;

    struct Limits {
        std::size_t max_connections = 16;               // beyond: closed at once, counted
        std::chrono::milliseconds idle_timeout{10000};  // for a request to arrive whole
    };

    // Throws boost::system::system_error when `at` cannot be bound.
    MetricsServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& at,
                  Render render, Limits limits);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;
    // Connections closed at once because max_connections were open.
    [[nodiscard]] std::uint64_t refused_connections() const;
    // Connections that could not be accepted (out of descriptors, ...).
    [[nodiscard]] std::uint64_t accept_errors() const { return backoff_.errors(); }

    // What connections share with the server (and outlive it with): the renderer and counts.
    struct Shared;

  private:
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<Shared> shared_;
    AcceptBackoff backoff_;
};

}  // namespace l2tp::mgmt
