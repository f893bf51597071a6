// l2tp_loadgen: plays many L2TPv2 LACs against one LNS (ours, xl2tpd, l2tpns...) and measures
// how fast it sets up tunnels and incoming calls. One protocol engine carries every tunnel; each
// simulated LAC has a UDP socket (source port) of its own, so the LNS sees many peers.
// Prints one JSON object: counts, tunnels/s and sessions/s (until the last SCCCN / ICCN is
// sent), p50/p99 set-up times (SCCRQ to SCCRP, ICRQ to ICRP: one round trip plus the
// LNS's queueing). With --hold it
// keeps the tunnels up afterwards (answering hellos) so that the LNS's memory and idle CPU can
// be read. A benchmark tool, not a test: tests/bench/lns_compare.sh drives it.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <deque>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "datagram_socket.hpp"
#include "deadline_timer.hpp"
#include "l2tp/engine/engine.hpp"
#include "socket_address.hpp"

namespace {

namespace asio = boost::asio;
using namespace l2tp;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string server = "192.0.2.2";
    std::uint16_t port = 1701;
    std::string local = "0.0.0.0";
    std::size_t tunnels = 1;
    std::size_t sessions_per_tunnel = 0;
    std::size_t lacs = 0;  // source ports; 0: one per tunnel
    std::size_t tunnel_concurrency = 256;
    std::size_t session_concurrency = 2048;
    double timeout_s = 300;
    double hold_s = 0;
    int hello_s = 60;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[at];
}

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

class LoadGenerator {
  public:
    LoadGenerator(asio::io_context& io, const Options& o)
        : io_(io),
          options_(o),
          engine_(engine::EngineConfig{}),
          timer_(io,
                 [this] {
                     engine_.on_timer(Clock::now());
                     pump();
                 }),
          stop_timer_(io) {
        profile_.version = wire::ProtocolVersion::kV2;
        profile_.host_name = "loadgen";
        profile_.hello_interval = std::chrono::seconds(o.hello_s);
        profile_.channel.local_receive_window = 64;
        server_.family = engine::PeerEndpoint::Family::kIpv4;
        if (inet_pton(AF_INET, o.server.c_str(), server_.address.data()) != 1) {
            throw std::invalid_argument("--server: expected an IPv4 address");
        }
        server_.port = o.port;
        engine::PeerEndpoint local;
        if (inet_pton(AF_INET, o.local.c_str(), local.address.data()) != 1) {
            throw std::invalid_argument("--local: expected an IPv4 address");
        }
        local.port = 0;
        const std::size_t lacs = o.lacs == 0 ? o.tunnels : std::min(o.lacs, o.tunnels);
        for (std::size_t i = 0; i < std::max<std::size_t>(lacs, 1); ++i) {
            const int fd = transport::open_socket(AF_INET, SOCK_DGRAM, 0, "UDP socket");
            transport::enlarge_receive_buffer(fd, 8 << 20);
            transport::bind_socket(fd, transport::inet_address(local), local);
            sockets_.push_back(transport::DatagramSocket::adopt(
                io, fd, [this](wire::Bytes packet, const sockaddr_storage& from) {
                    engine_.on_datagram(packet,
                                        transport::endpoint_of(from, wire::Encapsulation::kUdp),
                                        Clock::now());
                    pump();
                }));
        }
    }

    void start() {
        started_ = Clock::now();
        stop_timer_.expires_after(seconds(options_.timeout_s));
        stop_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                timed_out_ = true;
                finish();
            }
        });
        pump();
    }

    nlohmann::json report() const {
        const double tunnel_span = std::chrono::duration<double>(tunnels_done_ - started_).count();
        // Calls answered: until the last ICRP. Calls delivered: until the last ICCN left (the
        // LNS may hold it back through a small window and slow acknowledgements); on a timeout,
        // until the last ICRP.
        const auto span_to = [&](Clock::time_point end) {
            return sessions_started_
                       ? std::chrono::duration<double>(end - *sessions_started_).count()
                       : 0.0;
        };
        const double answered_span = span_to(last_icrp_);
        const double session_span = span_to(finished_ && !timed_out_ ? sessions_done_ : last_icrp_);
        const std::size_t sessions_up = session_ms_.size();
        return {
            {"tunnels_requested", options_.tunnels},
            {"tunnels_up", tunnel_ms_.size()},
            {"sessions_requested", options_.tunnels * options_.sessions_per_tunnel},
            {"sessions_up", sessions_up},
            {"failures", failures_},
            {"timed_out", timed_out_},
            {"tunnels_per_s", tunnel_span > 0 ? tunnel_ms_.size() / tunnel_span : 0},
            {"sessions_per_s", session_span > 0 ? sessions_up / session_span : 0},
            {"sessions_answered_per_s", answered_span > 0 ? sessions_up / answered_span : 0},
            {"tunnel_p50_ms", percentile(tunnel_ms_, 0.5)},
            {"tunnel_p99_ms", percentile(tunnel_ms_, 0.99)},
            {"session_p50_ms", percentile(session_ms_, 0.5)},
            {"session_p99_ms", percentile(session_ms_, 0.99)},
        };
    }

  private:
    // Opens tunnels and places calls up to the concurrency limits, carries out the engine's
    // actions, and notices when the run is complete.
    void pump() {
        const Clock::time_point now = Clock::now();
        while (opened_ < options_.tunnels &&
               tunnels_pending_.size() < options_.tunnel_concurrency) {
            const std::uint32_t id = engine_.open_tunnel(server_, profile_, now);
            lac_of_[id] = opened_ % sockets_.size();
            tunnels_pending_[id] = now;
            ++opened_;
            run_actions();
        }
        while (!calls_to_place_.empty() &&
               sessions_pending_.size() < options_.session_concurrency) {
            const std::uint32_t tunnel = calls_to_place_.front();
            calls_to_place_.pop_front();
            if (!sessions_started_) {
                sessions_started_ = now;
            }
            if (const auto id = engine_.place_call(tunnel, engine::SessionParams{}, now)) {
                sessions_pending_[key(tunnel, *id)] = now;
            } else {
                ++failures_;
            }
            run_actions();
        }
        run_actions();
        if (!finished_ && complete()) {
            finish();
        }
        rearm();
    }

    static std::uint64_t key(std::uint32_t tunnel, std::uint32_t session) {
        return (std::uint64_t{tunnel} << 32) | session;
    }

    void run_actions() {
        const Clock::time_point now = Clock::now();
        for (engine::Action& action : engine_.take_actions()) {
            if (auto* send = std::get_if<engine::SendDatagram>(&action)) {
                const auto lac = lac_of_.find(send->tunnel_id);
                sockets_[lac == lac_of_.end() ? 0 : lac->second]->send_to(
                    send->bytes, transport::inet_address(send->to));
            } else if (auto* up = std::get_if<engine::InstallTunnel>(&action)) {
                if (const auto it = tunnels_pending_.find(up->tunnel_id);
                    it != tunnels_pending_.end()) {
                    tunnel_ms_.push_back(ms_between(it->second, now));
                    tunnels_pending_.erase(it);
                    tunnels_done_ = now;
                    for (std::size_t i = 0; i < options_.sessions_per_tunnel; ++i) {
                        calls_to_place_.push_back(up->tunnel_id);
                    }
                }
            } else if (auto* gone = std::get_if<engine::RemoveTunnel>(&action)) {
                tunnels_pending_.erase(gone->tunnel_id);
                if (!finished_) {
                    ++failures_;  // refused, or lost during the run
                }
            } else if (auto* call = std::get_if<engine::InstallSession>(&action)) {
                if (const auto it = sessions_pending_.find(key(call->tunnel_id, call->session_id));
                    it != sessions_pending_.end()) {
                    session_ms_.push_back(ms_between(it->second, now));
                    sessions_pending_.erase(it);
                    last_icrp_ = now;
                }
            } else if (auto* cleared = std::get_if<engine::RemoveSession>(&action)) {
                failures_ += sessions_pending_.erase(key(cleared->tunnel_id, cleared->session_id));
            }
        }
    }

    // Every tunnel and call is up and the last SCCCNs / ICCNs have left (none waits for room
    // in the LNS's window): the LNS establishes the last call one trip later. Their
    // acknowledgement is not waited for, as the LNS may delay it by design.
    bool complete() {
        if (opened_ != options_.tunnels || !tunnels_pending_.empty() || !calls_to_place_.empty() ||
            !sessions_pending_.empty()) {
            return false;
        }
        for (const engine::TunnelInfo& t : engine_.tunnels()) {
            if (t.queued_messages != 0) {
                return false;
            }
        }
        const Clock::time_point now = Clock::now();
        (options_.sessions_per_tunnel == 0 ? tunnels_done_ : sessions_done_) = now;
        return true;
    }

    void rearm() { timer_.arm(engine_.next_deadline()); }

    // Reports, then holds the tunnels up for --hold seconds (or stops at once).
    void finish() {
        finished_ = true;
        std::cout << report().dump() << std::endl;
        if (timed_out_ || options_.hold_s <= 0) {
            io_.stop();
            return;
        }
        std::cerr << "holding " << engine_.tunnels().size() << " tunnels for " << options_.hold_s
                  << " s" << std::endl;
        stop_timer_.expires_after(seconds(options_.hold_s));
        stop_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                io_.stop();
            }
        });
    }

    asio::io_context& io_;
    Options options_;
    engine::Engine engine_;
    engine::TunnelProfile profile_;
    engine::PeerEndpoint server_;
    std::vector<std::shared_ptr<transport::DatagramSocket>> sockets_;
    std::unordered_map<std::uint32_t, std::size_t> lac_of_;
    transport::DeadlineTimer timer_;
    asio::steady_timer stop_timer_;

    std::size_t opened_ = 0;
    std::unordered_map<std::uint32_t, Clock::time_point> tunnels_pending_;
    std::deque<std::uint32_t> calls_to_place_;
    std::unordered_map<std::uint64_t, Clock::time_point> sessions_pending_;
    std::vector<double> tunnel_ms_;
    std::vector<double> session_ms_;
    std::size_t failures_ = 0;
    bool timed_out_ = false;
    bool finished_ = false;
    Clock::time_point started_;
    Clock::time_point tunnels_done_;
    std::optional<Clock::time_point> sessions_started_;
    Clock::time_point sessions_done_;
    Clock::time_point last_icrp_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"l2tp_loadgen: many L2TPv2 LACs against one LNS"};
    app.add_option("--server", o.server, "LNS IPv4 address");
    app.add_option("--port", o.port, "LNS UDP port");
    app.add_option("--local", o.local, "Local IPv4 address to send from");
    app.add_option("--tunnels", o.tunnels, "Tunnels to open")->check(CLI::PositiveNumber);
    app.add_option("--sessions", o.sessions_per_tunnel, "Incoming calls per tunnel")
        ->check(CLI::Range(0, 65535));
    app.add_option("--lacs", o.lacs, "Source ports (simulated LACs); 0: one per tunnel");
    app.add_option("--tunnel-concurrency", o.tunnel_concurrency, "Tunnel set-ups in flight")
        ->check(CLI::PositiveNumber);
    app.add_option("--session-concurrency", o.session_concurrency, "Call set-ups in flight")
        ->check(CLI::PositiveNumber);
    app.add_option("--timeout", o.timeout_s, "Give up after this many seconds");
    app.add_option("--hold", o.hold_s, "Keep the tunnels up this long after set-up (seconds)");
    app.add_option("--hello", o.hello_s, "Our hello interval (seconds, 0: none)");
    CLI11_PARSE(app, argc, argv);

    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &limit);
    }
    try {
        asio::io_context io;
        LoadGenerator generator(io, o);
        generator.start();
        io.run();
        return generator.report()["timed_out"].get<bool>() ? 2 : 0;
    } catch (const std::exception& e) {
        std::cerr << "l2tp_loadgen: " << e.what() << "\n";
        return 1;
    }
}
