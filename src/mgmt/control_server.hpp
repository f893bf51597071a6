// The management socket: l2tpctl's requests, one JSON object per line, answered with one JSON
// object per line, over a Unix stream socket readable by root only.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "mgmt/accept_backoff.hpp"

namespace l2tp::mgmt {

class ControlServer {
  public:
    // Answers one request.
    using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;

    ControlServer(boost::asio::io_context& io, std::string path, Handler handler);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    // Connections that could not be accepted (out of descriptors, ...).
    [[nodiscard]] std::uint64_t accept_errors() const { return backoff_.errors(); }

  private:
    void accept();

    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::string path_;
    Handler handler_;
    AcceptBackoff backoff_;
};

}  // namespace l2tp::mgmt
