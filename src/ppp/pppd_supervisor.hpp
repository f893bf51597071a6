// The pppd processes of PPP sessions, on the reactor: started without blocking it (vfork +
// exec on the spawner's thread, the PPPoL2TP socket as the one descriptor), at most `max_starting`
// at a time with the rest waiting (bounded), known to be up when pppd reports READY=1 on our
// notification socket (pppd's up_sdnotify), reaped through SIGCHLD, and stopped with SIGTERM, then
// SIGKILL after `stop_timeout`. A session whose options name an address pool gets its addresses
// from it when its pppd is started, and gives them back once that pppd is reaped. A RADIUS
// session's IPv6 prefixes are routed and advertised once its pppd is up (framed_ipv6.hpp), the
// advertising stopped with the pppd. A pppd that ends
// by itself, cannot start, or is not up in time ends its session: the `ended` hook clears it with a
// CDN that says why.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/result.hpp"
#include "l2tp/model/action.hpp"
#include "ppp/address_pools.hpp"
#include "ppp/framed_ipv6.hpp"
#include "ppp/ipv6_prefix.hpp"
#include "ppp/pppd_counters.hpp"
#include "ppp/pppd_exit.hpp"
#include "ppp/pppd_options.hpp"
#include "ppp/pppd_spawner.hpp"

namespace l2tp::ppp {

enum class PppdState : std::uint8_t {
    kWaiting,   // for a start slot
    kStarting,  // pppd runs, its link is not up yet
    kUp,        // pppd reported READY=1: a network protocol is open
    kStopping,  // SIGTERM sent
};

std::string_view pppd_state_name(PppdState state);

struct PppdStatus {
    PppdState state = PppdState::kWaiting;
    pid_t pid = 0;                          // 0 while waiting
    std::string interface;                  // once up (pppd's PID file says it)
    std::optional<AddressLease> addresses;  // from the session's pool, once started
    // A RADIUS session's prefixes routed over its interface, once up (framed_ipv6.hpp).
    std::optional<Ipv6Prefix> framed_ipv6_prefix;
    std::optional<Ipv6Prefix> delegated_ipv6_prefix;
};

class PppdSupervisor {
  public:
    using SessionKey = std::pair<std::uint32_t, std::uint32_t>;  // tunnel, session
    struct Hooks {
        // The session's PPP channel: a descriptor (then ours), -1 when the datapath carries no
        // PPP, or an error.
        std::function<dataplane::Result<int>(const model::StartPpp&)> open_channel;
        // pppd's options for a tunnel's profile (StartPpp::profile_name).
        std::function<ppp::PppdOptions(const std::string& profile_name)> options;
        // The session's pppd ended, failed to start or could not get a slot: clear it.
        std::function<void(SessionKey, const ppp::SessionEnd&)> ended;
        // The session's pppd reported READY=1, or the datapath carries no PPP and it has none.
        std::function<void(SessionKey)> up;
        // What pppd is given for this session alone when its options say radius, after the
        // arguments of set_radius_arguments (accounting's `avpair NAS-Port=N`); may be empty.
        std::function<std::vector<std::string>(const model::StartPpp&)> radius_session_arguments;
        // The last pppd has been reaped.
        std::function<void()> idle;
    };

    // Throws std::system_error when the notification socket cannot be made.
    PppdSupervisor(boost::asio::io_context& io, Hooks hooks, ppp::PppdLimits limits);
    ~PppdSupervisor();
    PppdSupervisor(const PppdSupervisor&) = delete;
    PppdSupervisor& operator=(const PppdSupervisor&) = delete;

    void set_limits(const ppp::PppdLimits& limits);
    // The address pools (at start and at each reload): leases held stay held.
    void set_pools(const PoolDefinitions& pools) { pools_.configure(pools); }
    // What pppd is given for sessions whose options say radius (radius_client_files.hpp), at
    // start and at each reload; pppds running keep what they were started with.
    void set_radius_arguments(std::vector<std::string> arguments) {
        radius_arguments_ = std::move(arguments);
    }
    // A PPP session is established: run pppd for it now, or once a start slot is free.
    void start(const model::StartPpp& session);
    // The session is gone: drop its waiting start, or stop its pppd.
    void stop(SessionKey session);
    // Shutdown: every pppd is stopped, no waiting one started.
    void stop_all();

    [[nodiscard]] std::optional<PppdStatus> status(SessionKey session) const;
    // pppd processes running or being started.
    [[nodiscard]] std::size_t processes() const { return processes_.size() + spawning_.size(); }
    [[nodiscard]] std::size_t waiting() const { return waiting_.size(); }
    [[nodiscard]] const PppdCounters& counters() const { return counters_; }
    [[nodiscard]] const AddressPools& pools() const { return pools_; }
    // What pppd's sd_notify finds in NOTIFY_SOCKET ("@..."): our notification socket.
    [[nodiscard]] const std::string& notify_socket() const { return notify_address_; }

  private:
    struct Process {
        SessionKey session;
        PppdState state = PppdState::kStarting;
        std::string link_name;
        std::string interface;                  // when up
        std::optional<AddressLease> addresses;  // given back when the process is reaped
        bool radius = false;                    // its options say radius
        std::optional<FramedIpv6> ipv6;         // a RADIUS session's, from up until stopping
        boost::asio::steady_timer timer;        // start timeout, then the SIGKILL bound
        explicit Process(boost::asio::io_context& io) : timer(io) {}
    };

    void launch(const model::StartPpp& session);
    void spawned(SessionKey session, pid_t pid, std::error_code error);
    void track(pid_t pid, SessionKey session, bool stop_at_once, bool radius,
               std::optional<AddressLease> addresses);
    void start_waiting();
    void end(SessionKey session, ppp::SessionEnd why);
    // Tells the hooks' `up`, from the reactor: never within the caller's start().
    void report_up(SessionKey session);
    void signal_stop(pid_t pid, Process& p);
    void await_child();
    void reap();
    void exited(pid_t pid, int status);
    void await_notification();
    void read_notifications();
    void mark_up(pid_t pid);
    std::size_t starting() const;

    boost::asio::io_context& io_;
    Hooks hooks_;
    ppp::PppdLimits limits_;
    boost::asio::signal_set child_signal_;
    std::string notify_address_;  // before notifications_, which fills it in
    boost::asio::posix::stream_descriptor notifications_;
    std::map<pid_t, std::unique_ptr<Process>> processes_;
    std::map<SessionKey, pid_t> by_session_;  // sessions whose pppd is not being stopped
    // Handed to the spawner, no PID yet.
    struct Spawning {
        bool stopped = false;  // meanwhile: to be stopped when its PID comes
        bool radius = false;
        std::optional<AddressLease> addresses;
    };
    std::map<SessionKey, Spawning> spawning_;
    // Children reaped before the spawner's answer named them (the exit raced the post).
    std::map<pid_t, int> early_exits_;
    std::deque<model::StartPpp> waiting_;
    PppdCounters counters_;
    AddressPools pools_;
    std::vector<std::string> radius_arguments_;
    bool stopping_all_ = false;
    PppdSpawner spawner_;  // last: its thread stops first
};

}  // namespace l2tp::ppp
