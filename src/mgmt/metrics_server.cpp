#include "mgmt/metrics_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace l2tp::mgmt {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

struct MetricsServer::Shared {
    Render render;
    Limits limits;
    std::size_t open = 0;
    std::uint64_t refused = 0;
};

namespace {

// A request line and headers of a scrape fit in far less.
constexpr std::uint32_t kMaxRequestHeader = 8 * 1024;
// The exposition format's media type (Prometheus text format 0.0.4).
constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

// One scraper's connection: requests answered in turn (keep-alive), until it closes, sends
// something that is not a bodiless HTTP/1.x request, or stays idle past the limit.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(tcp::socket socket, std::shared_ptr<MetricsServer::Shared> shared)
        : stream_(std::move(socket)), shared_(std::move(shared)) {
        ++shared_->open;
    }
    ~Connection() { --shared_->open; }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void read() {
        parser_.emplace();
        parser_->header_limit(kMaxRequestHeader);
        stream_.expires_after(shared_->limits.idle_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) {
                                 self->answer(self->parser_->release());
                             }
                         });
    }

  private:
    void answer(const http::request<http::empty_body>& request) {
        response_ = {};
        response_.version(request.version());
        response_.keep_alive(request.keep_alive());
        response_.set(http::field::server, "l2tpd");
        const beast::string_view target = request.target();
        const beast::string_view path = target.substr(0, target.find('?'));
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response_.result(http::status::method_not_allowed);
            response_.set(http::field::allow, "GET, HEAD");
            response_.body() = "only GET and HEAD\n";
        } else if (path != "/metrics") {
            response_.result(http::status::not_found);
            response_.body() = "not found: the metrics are at /metrics\n";
        } else {
            try {
                response_.body() = shared_->render();
                response_.result(http::status::ok);
                response_.set(http::field::content_type, kContentType);
            } catch (const std::exception& e) {
                // Nothing may escape a handler on the reactor: this scrape fails, l2tpd serves on.
                spdlog::error("metrics: {}", e.what());
                response_.result(http::status::internal_server_error);
                response_.body() = "internal error\n";
            }
        }
        if (response_.find(http::field::content_type) == response_.end()) {
            response_.set(http::field::content_type, "text/plain; charset=utf-8");
        }
        response_.prepare_payload();
        if (request.method() == http::verb::head) {
            response_.body().clear();  // Content-Length stays that of GET's answer
        }
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec && self->response_.keep_alive()) {
                                  self->read();
                              }
                          });
    }

    beast::tcp_stream stream_;
    std::shared_ptr<MetricsServer::Shared> shared_;
    beast::flat_buffer buffer_{kMaxRequestHeader};
    std::optional<http::request_parser<http::empty_body>> parser_;
    http::response<http::string_body> response_;
};

}  // namespace

MetricsServer::MetricsServer(asio::io_context& io, const tcp::endpoint& at, Render render,
                             Limits limits)
    : acceptor_(io, at),
      shared_(std::make_shared<Shared>(Shared{std::move(render), limits})),
      backoff_(io, "metrics endpoint") {
    accept();
}

MetricsServer::~MetricsServer() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

tcp::endpoint MetricsServer::local_endpoint() const {
    return acceptor_.local_endpoint();
}

std::uint64_t MetricsServer::refused_connections() const {
    return shared_->refused;
}

void MetricsServer::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) {
            return;
        }
        if (ec) {
            backoff_.failed(ec, [this] { accept(); });
            return;
        }
        backoff_.succeeded();
        if (shared_->open >= shared_->limits.max_connections) {
            ++shared_->refused;  // closed as `socket` goes
        } else {
            std::make_shared<Connection>(std::move(socket), shared_)->read();
        }
        accept();
    });
}

}  // namespace l2tp::mgmt
