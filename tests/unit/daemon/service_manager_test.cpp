// What the service manager hears, and when: the keep-alives come from the reactor's own timer,
// so a handler that stalls the reactor stalls them too.
#include "daemon/service_manager.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace l2tp::daemon {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Heard {
    std::string message;
    Clock::time_point at;
};

TEST(ServiceManager, SaysReadyReloadingStoppingWithTheStatusLine) {
    boost::asio::io_context io;
    std::vector<std::string> heard;
    ServiceManager service(
        io, [&](const std::string& m) { heard.push_back(m); }, [] { return "2 tunnels"; }, 0us);
    service.ready();
    service.reloading();
    service.ready();
    service.stopping();
    io.run_for(50ms);
    ASSERT_EQ(heard.size(), 4u);  // no watchdog asked for: no keep-alive
    EXPECT_EQ(heard[0], "READY=1\nSTATUS=2 tunnels");
    EXPECT_EQ(heard[1].rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u);
    EXPECT_EQ(heard[2], "READY=1\nSTATUS=2 tunnels");
    EXPECT_EQ(heard[3], "STOPPING=1");
}

TEST(ServiceManager, AStalledReactorSendsNoKeepAlive) {
    boost::asio::io_context io;
    std::vector<Heard> heard;
    ServiceManager service(
        io, [&](const std::string& m) { heard.push_back({m, Clock::now()}); }, [] { return "ok"; },
        100ms);
    service.ready();
    io.run_for(260ms);
    const std::size_t before = heard.size();
    ASSERT_GE(before, 4u);  // READY, then WATCHDOG=1 every 50 ms
    EXPECT_EQ(heard[1].message, "WATCHDOG=1\nSTATUS=ok");
    // A handler that holds the reactor for 400 ms: eight intervals without a keep-alive.
    const Clock::time_point stall_began = Clock::now();
    boost::asio::post(io, [] { std::this_thread::sleep_for(400ms); });
    io.run_for(500ms);
    const Clock::time_point stall_ended = stall_began + 400ms;
    for (const Heard& h : heard) {
        EXPECT_FALSE(h.at > stall_began + 10ms && h.at < stall_ended)
            << "a keep-alive while the reactor was held";
    }
    EXPECT_GT(heard.size(), before) << "keep-alives resume after the stall";
}

}  // namespace
}  // namespace l2tp::daemon
