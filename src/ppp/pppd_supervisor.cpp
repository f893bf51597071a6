#include "ppp/pppd_supervisor.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <fstream>
#include <system_error>

#include "l2tp/wire/printable.hpp"
#include "l2tp/wire/result_code.hpp"
#include "ppp/child_process.hpp"
#include "ppp/pppd_command.hpp"

namespace l2tp::ppp {

namespace asio = boost::asio;

namespace {

// A datagram socket on an abstract address the kernel picks (autobind), receiving the
// sender's credentials with each message: only a pppd of ours is believed.
int open_notification_socket(std::string& address) {
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "pppd notification socket");
    }
    const int on = 1;
    sockaddr_un bound = {};
    bound.sun_family = AF_UNIX;
    socklen_t length = sizeof(sa_family_t);
    if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0 ||
        bind(fd, reinterpret_cast<const sockaddr*>(&bound), length) != 0 ||
        (length = sizeof bound, getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length)) !=
            0) {
        const int error = errno;
        close(fd);
        throw std::system_error(error, std::generic_category(), "pppd notification socket");
    }
    // sd_notify reads a leading '@' as the abstract namespace's NUL.
    const auto name_length = length - offsetof(sockaddr_un, sun_path);
    address = "@" + std::string(bound.sun_path + 1, name_length - 1);
    return fd;
}

// pppd's /var/run/ppp-LINKNAME.pid: its PID, then the interface, once it has one.
std::string interface_from_pid_file(const std::string& link_name) {
    std::ifstream file("/var/run/ppp-" + link_name + ".pid");
    std::string pid;
    std::string interface;
    std::getline(file, pid);
    std::getline(file, interface);
    return interface;
}

std::string describe(PppdSupervisor::SessionKey s) {
    return "tunnel " + std::to_string(s.first) + " session " + std::to_string(s.second);
}

ppp::SessionEnd failed_start(const std::string& why) {
    return {static_cast<std::uint16_t>(wire::CdnResult::kGeneralError),
            static_cast<std::uint16_t>(wire::GeneralError::kNoResources), why, std::nullopt};
}

}  // namespace

std::string_view pppd_state_name(PppdState state) {
    switch (state) {
        case PppdState::kWaiting:
            return "waiting";
        case PppdState::kStarting:
            return "starting";
        case PppdState::kUp:
            return "up";
        case PppdState::kStopping:
            return "stopping";
    }
    return "unknown";
}

PppdSupervisor::PppdSupervisor(asio::io_context& io, Hooks hooks, ppp::PppdLimits limits)
    : io_(io),
      hooks_(std::move(hooks)),
      limits_(limits),
      child_signal_(io, SIGCHLD),
      notify_address_(),
      notifications_(io, open_notification_socket(notify_address_)),
      spawner_(io,
               [this](SessionKey s, pid_t pid, std::error_code error) { spawned(s, pid, error); }) {
    await_child();
    await_notification();
}

PppdSupervisor::~PppdSupervisor() {
    // The daemon is going: no pppd of ours may stay (PR_SET_PDEATHSIG covers a crash).
    for (const auto& [pid, process] : processes_) {
        kill(pid, SIGTERM);
    }
}

void PppdSupervisor::set_limits(const ppp::PppdLimits& limits) {
    limits_ = limits;
    start_waiting();
}

std::size_t PppdSupervisor::starting() const {
    std::size_t n = spawning_.size();
    for (const auto& [pid, p] : processes_) {
        n += p->state == PppdState::kStarting ? 1 : 0;
    }
    return n;
}

void PppdSupervisor::start(const model::StartPpp& session) {
    if (stopping_all_) {
        return;
    }
    if (starting() < limits_.max_starting && waiting_.empty()) {
        launch(session);
        return;
    }
    if (waiting_.size() >= limits_.max_waiting) {
        ++counters_.refused_busy;
        // RFC 2661 §4.4.2 CDN Result 4: temporary lack of facilities.
        end({session.tunnel_id, session.session_id},
            {static_cast<std::uint16_t>(wire::CdnResult::kNoFacilitiesTemporary), 0,
             "too many PPP sessions starting", std::nullopt});
        return;
    }
    waiting_.push_back(session);
}

void PppdSupervisor::launch(const model::StartPpp& session) {
    const SessionKey key{session.tunnel_id, session.session_id};
    const ppp::PppdOptions options = hooks_.options(session.profile_name);
    std::optional<AddressLease> addresses;
    if (!options.pool.empty()) {
        addresses = pools_.take(options.pool);
        if (!addresses) {
            ++counters_.refused_no_address;
            // RFC 2661 §4.4.2 CDN Result 4: temporary lack of facilities.
            end(key, {static_cast<std::uint16_t>(wire::CdnResult::kNoFacilitiesTemporary), 0,
                      "address pool '" + options.pool + "' exhausted", std::nullopt});
            return;
        }
    }
    const auto opened = hooks_.open_channel(session);
    // No channel, or a datapath that carries no PPP: no pppd, so nothing holds the addresses.
    if (!opened || opened.value() < 0) {
        if (addresses) {
            pools_.give_back(*addresses);
        }
        if (!opened) {
            ++counters_.start_failures;
            end(key, failed_start("datapath: " + opened.error().text));
        } else {
            report_up(key);
        }
        return;
    }
    PppdSpawner::Job job;
    job.session = key;
    std::vector<std::string> radius_arguments = radius_arguments_;
    if (options.radius && hooks_.radius_session_arguments) {
        const auto own = hooks_.radius_session_arguments(session);
        radius_arguments.insert(radius_arguments.end(), own.begin(), own.end());
    }
    job.argv = ppp::pppd_command(options, session, getpid(), addresses, radius_arguments);
    job.environment = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "NOTIFY_SOCKET=" + notify_address_};
    job.channel = opened.value();
    spawning_[key] = Spawning{false, options.radius, std::move(addresses)};
    spawner_.submit(std::move(job));
}

void PppdSupervisor::spawned(SessionKey key, pid_t pid, std::error_code error) {
    const auto it = spawning_.find(key);
    const bool stopped_meanwhile = it == spawning_.end() || it->second.stopped;
    std::optional<AddressLease> addresses;
    const bool radius = it != spawning_.end() && it->second.radius;
    if (it != spawning_.end()) {
        addresses = std::move(it->second.addresses);
        spawning_.erase(it);
    }
    if (pid < 0) {
        if (addresses) {
            pools_.give_back(*addresses);  // no pppd ran with them
        }
        if (!stopped_meanwhile) {
            ++counters_.start_failures;
            spdlog::error("{}: cannot start pppd: {}", describe(key), error.message());
            end(key, failed_start("pppd could not be started: " + error.message()));
        }
        start_waiting();
        return;
    }
    ++counters_.started;
    spdlog::info("{}: pppd {} started", describe(key), pid);
    track(pid, key, stopped_meanwhile, radius, std::move(addresses));
    if (const auto early = early_exits_.find(pid); early != early_exits_.end()) {
        const int status = early->second;
        early_exits_.erase(early);
        exited(pid, status);
    }
    start_waiting();
}

void PppdSupervisor::track(pid_t pid, SessionKey key, bool stop_at_once, bool radius,
                           std::optional<AddressLease> addresses) {
    auto process = std::make_unique<Process>(io_);
    process->session = key;
    process->radius = radius;
    process->addresses = std::move(addresses);
    process->link_name = ppp::link_name(getpid(), key.first, key.second);
    Process& p = *process;
    processes_.emplace(pid, std::move(process));
    if (stop_at_once) {
        signal_stop(pid, p);
        return;
    }
    by_session_[key] = pid;
    p.timer.expires_after(limits_.start_timeout);
    p.timer.async_wait([this, pid](const boost::system::error_code& ec) {
        const auto it = processes_.find(pid);
        if (ec || it == processes_.end() || it->second->state != PppdState::kStarting) {
            return;
        }
        ++counters_.start_timeouts;
        const SessionKey key = it->second->session;
        spdlog::warn(
            "{}: pppd {} not up within {} s; stopping it", describe(key), pid,
            std::chrono::duration_cast<std::chrono::seconds>(limits_.start_timeout).count());
        by_session_.erase(key);
        signal_stop(pid, *it->second);
        end(key, {static_cast<std::uint16_t>(wire::CdnResult::kTimeout), 0, "PPP not up in time",
                  std::nullopt});
        start_waiting();
    });
}

void PppdSupervisor::start_waiting() {
    while (!stopping_all_ && !waiting_.empty() && starting() < limits_.max_starting) {
        const model::StartPpp next = waiting_.front();
        waiting_.pop_front();
        launch(next);
    }
}

// Never from inside the driver's action loop: the hook clears the session in the engine.
void PppdSupervisor::end(SessionKey session, ppp::SessionEnd why) {
    asio::post(io_, [this, session, why = std::move(why)] { hooks_.ended(session, why); });
}

void PppdSupervisor::report_up(SessionKey session) {
    if (hooks_.up) {
        asio::post(io_, [this, session] { hooks_.up(session); });
    }
}

void PppdSupervisor::stop(SessionKey session) {
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
        if (it->tunnel_id == session.first && it->session_id == session.second) {
            waiting_.erase(it);
            return;
        }
    }
    if (const auto spawning = spawning_.find(session); spawning != spawning_.end()) {
        if (!spawning->second.stopped) {
            spawning->second.stopped = true;
            ++counters_.stopped;
        }
        return;
    }
    const auto found = by_session_.find(session);
    if (found == by_session_.end()) {
        return;
    }
    const pid_t pid = found->second;
    by_session_.erase(found);
    ++counters_.stopped;
    signal_stop(pid, *processes_.at(pid));
    start_waiting();
}

void PppdSupervisor::stop_all() {
    stopping_all_ = true;
    waiting_.clear();
    for (auto& [session, spawning] : spawning_) {
        spawning.stopped = true;
    }
    for (auto& [pid, process] : processes_) {
        if (process->state != PppdState::kStopping) {
            signal_stop(pid, *process);
        }
    }
    by_session_.clear();
}

// SIGTERM: pppd ends its link (LCP Terminate) and runs its down scripts; SIGKILL if it has
// not exited when the bound passes.
void PppdSupervisor::signal_stop(pid_t pid, Process& p) {
    p.state = PppdState::kStopping;
    p.ipv6.reset();  // no more advertisements; the routes go with the interface
    kill(pid, SIGTERM);
    p.timer.expires_after(limits_.stop_timeout);
    p.timer.async_wait([this, pid](const boost::system::error_code& ec) {
        if (!ec && processes_.contains(pid)) {
            ++counters_.killed;
            spdlog::warn("pppd {} still running {} ms after SIGTERM: SIGKILL", pid,
                         limits_.stop_timeout.count());
            kill(pid, SIGKILL);
        }
    });
}

void PppdSupervisor::await_child() {
    child_signal_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec) {
            return;
        }
        reap();
        await_child();
    });
}

// Signals coalesce: one SIGCHLD may stand for several children.
void PppdSupervisor::reap() {
    int status = 0;
    pid_t pid = 0;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (processes_.contains(pid)) {
            exited(pid, status);
        } else if (!spawning_.empty()) {
            early_exits_.emplace(pid, status);  // a child the spawner has not named yet
        }
    }
    start_waiting();
    if (processes_.empty() && hooks_.idle) {
        hooks_.idle();
    }
}

void PppdSupervisor::exited(pid_t pid, int status) {
    const auto it = processes_.find(pid);
    const std::unique_ptr<Process> process = std::move(it->second);
    processes_.erase(it);
    process->timer.cancel();
    if (process->addresses) {
        pools_.give_back(*process->addresses);  // pppd is gone: nothing holds them now
    }
    // Also when we were stopping it: the peer's CDN for the failed authentication can come
    // before this pppd's own exit.
    counters_.auth_failures += ppp::peer_authentication_failed(status) ? 1 : 0;
    if (process->state == PppdState::kStopping) {
        spdlog::debug("{}: pppd {} stopped", describe(process->session), pid);
        return;
    }
    by_session_.erase(process->session);
    ++counters_.exited;
    end(process->session, ppp::session_end(status));  // the driver logs why
}

void PppdSupervisor::await_notification() {
    notifications_.async_wait(asio::posix::stream_descriptor::wait_read,
                              [this](const boost::system::error_code& ec) {
                                  if (ec) {
                                      return;
                                  }
                                  read_notifications();
                                  await_notification();
                              });
}

// sd_notify datagrams: "READY=1" (and maybe more lines) with the sender's credentials.
void PppdSupervisor::read_notifications() {
    for (;;) {
        char text[512];
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
        iovec iov{text, sizeof text - 1};
        msghdr message = {};
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        const ssize_t n = recvmsg(notifications_.native_handle(), &message, MSG_DONTWAIT);
        if (n < 0) {
            return;  // EAGAIN: all read
        }
        const cmsghdr* c = CMSG_FIRSTHDR(&message);
        if (c == nullptr || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_CREDENTIALS) {
            continue;
        }
        ucred sender;
        std::memcpy(&sender, CMSG_DATA(c), sizeof sender);
        const std::string_view body(text, static_cast<std::size_t>(n));
        if (processes_.contains(sender.pid) &&
            (body == "READY=1" || body.starts_with("READY=1\n") ||
             body.find("\nREADY=1") != std::string_view::npos)) {
            mark_up(sender.pid);
        }
    }
}

void PppdSupervisor::mark_up(pid_t pid) {
    Process& p = *processes_.at(pid);
    if (p.state != PppdState::kStarting) {
        return;
    }
    p.state = PppdState::kUp;
    p.timer.cancel();
    p.interface = interface_from_pid_file(p.link_name);
    ++counters_.up;
    spdlog::info("{}: PPP up on {} (pppd {})", describe(p.session),
                 wire::printable(p.interface.empty() ? "?" : p.interface), pid);
    if (p.radius) {
        p.ipv6.emplace(io_, p.interface, describe(p.session), counters_);
    }
    report_up(p.session);
    start_waiting();
}

std::optional<PppdStatus> PppdSupervisor::status(SessionKey session) const {
    for (const model::StartPpp& w : waiting_) {
        if (w.tunnel_id == session.first && w.session_id == session.second) {
            return PppdStatus{PppdState::kWaiting, 0, {}, std::nullopt, {}, {}};
        }
    }
    if (const auto spawning = spawning_.find(session);
        spawning != spawning_.end() && !spawning->second.stopped) {
        return PppdStatus{PppdState::kStarting, 0, {}, spawning->second.addresses, {}, {}};
    }
    const auto found = by_session_.find(session);
    if (found == by_session_.end()) {
        return std::nullopt;
    }
    const Process& p = *processes_.at(found->second);
    PppdStatus status{p.state, found->second, p.interface, p.addresses, {}, {}};
    if (p.ipv6) {
        status.framed_ipv6_prefix = p.ipv6->framed_prefix();
        status.delegated_ipv6_prefix = p.ipv6->delegated_prefix();
    }
    return status;
}

}  // namespace l2tp::ppp
