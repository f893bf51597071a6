// l2tp_loadgen: plays many L2TPv2 LACs against one LNS (ours, xl2tpd, l2tpns...) and measures
// how fast it sets up tunnels and incoming calls, as a LAC sees it. One protocol engine carries
// every tunnel; each simulated LAC has a UDP socket (source port) of its own, so the LNS sees
// many peers. A set-up is done when the LNS has acknowledged the LAC's last message of it (the
// SCCCN of a tunnel, the ICCN of a call): until then the LAC must keep that message for
// retransmission. Set-ups in flight are bounded per tunnel and overall, as a LAC with a small
// window or paced calls would keep them.
// Prints one JSON object: counts, tunnels/s and calls/s (until the last acknowledgement),
// p50/p99 set-up times (SCCRQ sent to SCCCN acknowledged, ICRQ sent to ICCN acknowledged).
// With --hold it keeps the tunnels up afterwards (answering hellos) so that the LNS's memory
// and idle CPU can be read. A benchmark tool, not a test: tests/bench/lns_compare.sh drives it.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <deque>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "l2tp/engine/engine.hpp"
#include "l2tp/wire/crypto_warm_up.hpp"
#include "l2tp/wire/header.hpp"
#include "transport/datagram_socket.hpp"
#include "transport/deadline_timer.hpp"
#include "transport/socket_address.hpp"

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
    std::size_t tunnels_in_flight = 64;
    std::size_t calls_in_flight = 64;            // over all tunnels
    std::size_t calls_in_flight_per_tunnel = 4;  // 0: no bound but the overall one
    std::uint16_t window = 4;                    // our Receive Window Size
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
          engine_(model::EngineConfig{}),
          timer_(io,
                 [this] {
                     engine_.on_timer(Clock::now());
                     pump();
                 }),
          stop_timer_(io) {
        profile_.version = wire::ProtocolVersion::kV2;
        profile_.host_name = "loadgen";
        profile_.hello_interval = std::chrono::seconds(o.hello_s);
        profile_.channel.local_receive_window = o.window;
        server_.family = model::PeerEndpoint::Family::kIpv4;
        if (inet_pton(AF_INET, o.server.c_str(), server_.address.data()) != 1) {
            throw std::invalid_argument("--server: expected an IPv4 address");
        }
        server_.port = o.port;
        model::PeerEndpoint local;
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
                io, fd,
                [this](wire::Bytes packet, const sockaddr_storage& from, std::uint32_t) {
                    on_datagram(packet, from);
                },
                [this] {
                    // Like l2tpd's driver: what the batch still owes is acknowledged now.
                    engine_.end_batch();
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
        const double call_span =
            calls_started_ ? std::chrono::duration<double>(calls_done_ - *calls_started_).count()
                           : 0.0;
        return {
            {"tunnels_requested", options_.tunnels},
            {"tunnels_up", tunnel_ms_.size()},
            {"sessions_requested", options_.tunnels * options_.sessions_per_tunnel},
            {"sessions_up", session_ms_.size()},
            {"failures", failures_},
            {"timed_out", timed_out_},
            {"tunnels_per_s", tunnel_span > 0 ? tunnel_ms_.size() / tunnel_span : 0},
            {"sessions_per_s", call_span > 0 ? session_ms_.size() / call_span : 0},
            {"tunnel_p50_ms", percentile(tunnel_ms_, 0.5)},
            {"tunnel_p99_ms", percentile(tunnel_ms_, 0.99)},
            {"session_p50_ms", percentile(session_ms_, 0.5)},
            {"session_p99_ms", percentile(session_ms_, 0.99)},
        };
    }

  private:
    // A set-up whose last message (SCCCN or ICCN) waits for the LNS's acknowledgement: done
    // once the tunnel's channel has acknowledged its `message`-th message.
    struct AwaitingAck {
        std::uint64_t message;
        Clock::time_point started;
        std::optional<std::uint32_t> session;  // none: the tunnel's own set-up
    };
    // The calls of one tunnel still to place, and those placed and not yet done.
    struct TunnelCalls {
        std::size_t left = 0;
        std::size_t in_flight = 0;
        bool ready = false;  // listed in ready_
    };

    void on_datagram(wire::Bytes packet, const sockaddr_storage& from) {
        engine_.on_datagram(packet, transport::endpoint_of(from, wire::Encapsulation::kUdp),
                            Clock::now());
        run_actions();
        wire::ControlHeader header;
        wire::Bytes message;
        if (wire::decode_control_header(packet, wire::Encapsulation::kUdp, header, message) ==
            wire::WireError::kNone) {
            note_acknowledgements(header.connection_id);
        }
        pump();
    }

    // Set-ups of `tunnel` whose last message the LNS has now acknowledged are done.
    void note_acknowledgements(std::uint32_t tunnel) {
        const auto awaiting = awaiting_ack_.find(tunnel);
        if (awaiting == awaiting_ack_.end()) {
            return;
        }
        const auto progress = engine_.channel_progress(tunnel);
        const Clock::time_point now = Clock::now();
        auto& queue = awaiting->second;
        while (progress && !queue.empty() && queue.front().message <= progress->acknowledged) {
            const AwaitingAck done = queue.front();
            queue.pop_front();
            if (!done.session) {
                tunnel_ms_.push_back(ms_between(done.started, now));
                tunnels_pending_.erase(tunnel);
                tunnels_done_ = now;
                continue;
            }
            session_ms_.push_back(ms_between(done.started, now));
            sessions_pending_.erase(key(tunnel, *done.session));
            calls_done_ = now;
            call_finished(tunnel);
        }
        if (queue.empty()) {
            awaiting_ack_.erase(awaiting);
        }
    }

    // A call of `tunnel` is no longer in flight (done or failed): the tunnel may place another.
    void call_finished(std::uint32_t tunnel) {
        const auto it = calls_.find(tunnel);
        if (it == calls_.end()) {
            return;
        }
        --it->second.in_flight;
        make_ready(tunnel, it->second);
    }

    bool may_place(const TunnelCalls& calls) const {
        return calls.left > 0 && (options_.calls_in_flight_per_tunnel == 0 ||
                                  calls.in_flight < options_.calls_in_flight_per_tunnel);
    }

    void make_ready(std::uint32_t tunnel, TunnelCalls& calls) {
        if (!calls.ready && may_place(calls)) {
            calls.ready = true;
            ready_.push_back(tunnel);
        }
    }

    // Opens tunnels and places calls up to the in-flight bounds (tunnels in turn), carries out
    // the engine's actions, and notices when the run is complete.
    void pump() {
        const Clock::time_point now = Clock::now();
        while (opened_ < options_.tunnels && tunnels_pending_.size() < options_.tunnels_in_flight) {
            const auto opened = engine_.open_tunnel(server_, profile_, now);
            if (!opened) {
                ++failures_;
                ++opened_;
                continue;
            }
            const std::uint32_t id = *opened;
            lac_of_[id] = opened_ % sockets_.size();
            tunnels_pending_[id] = now;
            ++opened_;
            run_actions();
        }
        while (!ready_.empty() && sessions_pending_.size() < options_.calls_in_flight) {
            const std::uint32_t tunnel = ready_.front();
            ready_.pop_front();
            const auto calls = calls_.find(tunnel);
            if (calls == calls_.end()) {
                continue;  // the tunnel is gone
            }
            calls->second.ready = false;
            if (!calls_started_) {
                calls_started_ = now;
            }
            --calls->second.left;
            if (const auto id = engine_.place_call(tunnel, model::SessionParams{}, now)) {
                sessions_pending_[key(tunnel, *id)] = now;
                ++calls->second.in_flight;
            } else {
                ++failures_;
            }
            make_ready(tunnel, calls->second);
            run_actions();
        }
        if (!finished_ && complete()) {
            finish();
        }
        rearm();
    }

    static std::uint64_t key(std::uint32_t tunnel, std::uint32_t session) {
        return (std::uint64_t{tunnel} << 32) | session;
    }

    void await_ack(std::uint32_t tunnel, Clock::time_point started,
                   std::optional<std::uint32_t> session) {
        if (const auto progress = engine_.channel_progress(tunnel)) {
            awaiting_ack_[tunnel].push_back({progress->queued, started, session});
        }
    }

    void run_actions() {
        for (model::Action& action : engine_.take_actions()) {
            if (auto* send = std::get_if<model::SendDatagram>(&action)) {
                const auto lac = lac_of_.find(send->tunnel_id);
                sockets_[lac == lac_of_.end() ? 0 : lac->second]->send_to(
                    send->bytes, transport::inet_address(send->to));
            } else if (auto* up = std::get_if<model::InstallTunnel>(&action)) {
                // The SCCCN has just been queued: the tunnel is up once it is acknowledged.
                // Calls may follow it at once.
                if (const auto it = tunnels_pending_.find(up->tunnel_id);
                    it != tunnels_pending_.end()) {
                    await_ack(up->tunnel_id, it->second, std::nullopt);
                    if (options_.sessions_per_tunnel > 0) {
                        TunnelCalls& calls = calls_[up->tunnel_id];
                        calls.left = options_.sessions_per_tunnel;
                        make_ready(up->tunnel_id, calls);
                    }
                }
            } else if (auto* gone = std::get_if<model::RemoveTunnel>(&action)) {
                if (!finished_) {
                    ++failures_;  // refused, or lost during the run
                }
                tunnels_pending_.erase(gone->tunnel_id);
                awaiting_ack_.erase(gone->tunnel_id);
                if (const auto calls = calls_.find(gone->tunnel_id); calls != calls_.end()) {
                    failures_ += calls->second.left;
                    calls_.erase(calls);
                }
                failures_ += std::erase_if(sessions_pending_, [&](const auto& entry) {
                    return entry.first >> 32 == gone->tunnel_id;
                });
            } else if (auto* call = std::get_if<model::InstallSession>(&action)) {
                // The ICCN has just been queued.
                if (const auto it = sessions_pending_.find(key(call->tunnel_id, call->session_id));
                    it != sessions_pending_.end()) {
                    await_ack(call->tunnel_id, it->second, call->session_id);
                }
            } else if (auto* cleared = std::get_if<model::RemoveSession>(&action)) {
                if (sessions_pending_.erase(key(cleared->tunnel_id, cleared->session_id)) != 0) {
                    ++failures_;
                    call_finished(cleared->tunnel_id);
                }
            }
        }
    }

    // Every tunnel and call set-up is done: opened, and its last message acknowledged.
    bool complete() const {
        if (opened_ != options_.tunnels || !tunnels_pending_.empty() ||
            !sessions_pending_.empty()) {
            return false;
        }
        return std::all_of(calls_.begin(), calls_.end(),
                           [](const auto& entry) { return entry.second.left == 0; });
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
    model::TunnelProfile profile_;
    model::PeerEndpoint server_;
    std::vector<std::shared_ptr<transport::DatagramSocket>> sockets_;
    std::unordered_map<std::uint32_t, std::size_t> lac_of_;
    transport::DeadlineTimer timer_;
    asio::steady_timer stop_timer_;

    std::size_t opened_ = 0;
    std::unordered_map<std::uint32_t, Clock::time_point> tunnels_pending_;   // until SCCCN acked
    std::unordered_map<std::uint64_t, Clock::time_point> sessions_pending_;  // until ICCN acked
    std::unordered_map<std::uint32_t, std::deque<AwaitingAck>> awaiting_ack_;
    std::unordered_map<std::uint32_t, TunnelCalls> calls_;
    std::deque<std::uint32_t> ready_;  // tunnels that may place a call now
    std::vector<double> tunnel_ms_;
    std::vector<double> session_ms_;
    std::size_t failures_ = 0;
    bool timed_out_ = false;
    bool finished_ = false;
    Clock::time_point started_;
    Clock::time_point tunnels_done_;
    std::optional<Clock::time_point> calls_started_;
    Clock::time_point calls_done_;
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
    app.add_option("--tunnels-in-flight", o.tunnels_in_flight, "Tunnel set-ups in flight")
        ->check(CLI::PositiveNumber);
    app.add_option("--calls-in-flight", o.calls_in_flight, "Call set-ups in flight, overall")
        ->check(CLI::PositiveNumber);
    app.add_option("--calls-in-flight-per-tunnel", o.calls_in_flight_per_tunnel,
                   "Call set-ups in flight per tunnel (0: bounded only overall)");
    app.add_option("--window", o.window, "Our Receive Window Size")->check(CLI::Range(1, 65535));
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
        l2tp::wire::warm_up_crypto();  // its first tunnel's time is the LNS's, not OpenSSL's
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
