#include "mgmt/control_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace l2tp::mgmt {

namespace asio = boost::asio;
using asio::local::stream_protocol;

namespace {

constexpr std::size_t kMaxRequest = 64 * 1024;

// One client connection: read a line, answer it, until the client closes.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(stream_protocol::socket socket, const ControlServer::Handler& handler)
        : socket_(std::move(socket)), handler_(handler) {}

    void read() {
        auto self = shared_from_this();
        asio::async_read_until(socket_, asio::dynamic_buffer(input_, kMaxRequest), '\n',
                               [self](const boost::system::error_code& ec, std::size_t n) {
                                   if (!ec) {
                                       self->answer(n);
                                   }
                               });
    }

  private:
    void answer(std::size_t n) {
        const std::string line = input_.substr(0, n);
        input_.erase(0, n);
        nlohmann::json reply;
        try {
            reply = handler_(nlohmann::json::parse(line));
        } catch (const nlohmann::json::exception& e) {
            reply = {{"ok", false}, {"error", std::string("bad request: ") + e.what()}};
        } catch (const std::exception& e) {
            // Nothing may escape a handler on the reactor: the request fails, l2tpd serves on.
            reply = {{"ok", false}, {"error", std::string("internal error: ") + e.what()}};
        }
        // Peer strings are escaped where answers are built; invalid UTF-8 that still got in is
        // replaced rather than allowed to throw here.
        output_ = reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        auto self = shared_from_this();
        asio::async_write(socket_, asio::buffer(output_),
                          [self](const boost::system::error_code& ec, std::size_t) {
                              if (!ec) {
                                  self->read();
                              }
                          });
    }

    stream_protocol::socket socket_;
    const ControlServer::Handler& handler_;
    std::string input_;
    std::string output_;
};

}  // namespace

ControlServer::ControlServer(asio::io_context& io, std::string path, Handler handler)
    : acceptor_(io),
      path_(std::move(path)),
      handler_(std::move(handler)),
      backoff_(io, "management socket") {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    ::unlink(path_.c_str());           // a stale socket of a predecessor
    const mode_t old = ::umask(0077);  // root only: the socket changes tunnels
    acceptor_.open(stream_protocol());
    acceptor_.bind(stream_protocol::endpoint(path_));
    acceptor_.listen();
    ::umask(old);
    accept();
}

ControlServer::~ControlServer() {
    ::unlink(path_.c_str());
}

void ControlServer::accept() {
    acceptor_.async_accept(
        [this](const boost::system::error_code& ec, stream_protocol::socket socket) {
            if (ec == asio::error::operation_aborted) {
                return;
            }
            if (ec) {
                backoff_.failed(ec, [this] { accept(); });
                return;
            }
            backoff_.succeeded();
            std::make_shared<Connection>(std::move(socket), handler_)->read();
            accept();
        });
}

}  // namespace l2tp::mgmt
