#include "daemon/service_manager.hpp"

#include <systemd/sd-daemon.h>
#include <time.h>

namespace l2tp::daemon {

ServiceManager::ServiceManager(boost::asio::io_context& io,
                               std::function<void(const std::string&)> send,
                               std::function<std::string()> status,
                               std::chrono::microseconds watchdog)
    : send_(std::move(send)), status_(std::move(status)), watchdog_(watchdog), timer_(io) {}

ServiceManager ServiceManager::from_environment(boost::asio::io_context& io,
                                                std::function<std::string()> status) {
    std::uint64_t usec = 0;
    // > 0 when systemd asked this process (WATCHDOG_PID, if set, is ours) for keep-alives.
    if (sd_watchdog_enabled(0, &usec) <= 0) {
        usec = 0;
    }
    return ServiceManager(
        io, [](const std::string& state) { (void)sd_notify(0, state.c_str()); }, std::move(status),
        std::chrono::microseconds(usec));
}

void ServiceManager::ready() {
    send_("READY=1\nSTATUS=" + status_());
    if (watchdog_.count() > 0 && !pinging_) {
        pinging_ = true;
        keep_alive();
    }
}

// systemd.service(5): RELOADING=1 with the monotonic time the reload began.
void ServiceManager::reloading() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const auto usec = static_cast<std::uint64_t>(now.tv_sec) * 1000000u +
                      static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
    send_("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

void ServiceManager::stopping() {
    send_("STOPPING=1");
}

// Twice per interval, as sd_watchdog_enabled(3) advises; the STATUS line goes along.
void ServiceManager::keep_alive() {
    send_("WATCHDOG=1\nSTATUS=" + status_());
    timer_.expires_after(watchdog_ / 2);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) {
            keep_alive();
        }
    });
}

}  // namespace l2tp::daemon
