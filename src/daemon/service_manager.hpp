// What the service manager is told (sd_notify(3), systemd.service(5) Type=notify): READY=1 once
// every listener is bound, RELOADING=1 and READY=1 around a reload, STOPPING=1, a STATUS= line
// with the tunnels and sessions, and WATCHDOG=1 at half the WatchdogSec interval. The
// keep-alives come from a timer on the reactor itself: a reactor that stalls stops them, and
// systemd restarts the daemon. Without NOTIFY_SOCKET (not run by systemd) every call does
// nothing.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace l2tp::daemon {

class ServiceManager {
  public:
    // `send` delivers one notification ("READY=1\nSTATUS=..."); `status` says the STATUS line
    // of the moment. `watchdog` is the keep-alive interval systemd asked for (zero: none).
    ServiceManager(boost::asio::io_context& io, std::function<void(const std::string&)> send,
                   std::function<std::string()> status, std::chrono::microseconds watchdog);
    // From the environment: sd_notify on NOTIFY_SOCKET, WATCHDOG_USEC via sd_watchdog_enabled.
    static ServiceManager from_environment(boost::asio::io_context& io,
                                           std::function<std::string()> status);

    void ready();  // also starts the keep-alives
    void reloading();
    void stopping();

  private:
    void keep_alive();

    std::function<void(const std::string&)> send_;
    std::function<std::string()> status_;
    std::chrono::microseconds watchdog_;
    boost::asio::steady_timer timer_;
    bool pinging_ = false;
};

}  // namespace l2tp::daemon
