// The spawner: a burst of jobs larger than its threads all started, each with a PID of its own
// and its result posted back to the reactor.
#include "ppp/pppd_spawner.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

namespace l2tp::ppp {
namespace {

TEST(PppdSpawner, StartsEveryJobOfABurstLargerThanItsThreads) {
    boost::asio::io_context io;
    const auto results_to_come = boost::asio::make_work_guard(io);  // posted from other threads
    std::set<pid_t> pids;
    std::size_t done = 0;
    const std::size_t burst = 33;  // more than its threads (at most 8)
    PppdSpawner spawner(io, [&](PppdSpawner::SessionKey, pid_t pid, std::error_code error) {
        EXPECT_FALSE(error) << error.message();
        pids.insert(pid);
        if (++done == burst) {
            io.stop();
        }
    });
    for (std::uint32_t session = 1; session <= burst; ++session) {
        int pair[2];
        ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair), 0);
        close(pair[1]);
        spawner.submit({{1, session}, {"/bin/true"}, {}, pair[0]});
    }
    io.run_for(std::chrono::seconds(30));
    EXPECT_EQ(done, burst);
    EXPECT_EQ(pids.size(), burst);
    EXPECT_EQ(pids.count(-1), 0U);
    for (const pid_t pid : pids) {
        if (pid > 0) {
            waitpid(pid, nullptr, 0);
        }
    }
}

}  // namespace
}  // namespace l2tp::ppp
