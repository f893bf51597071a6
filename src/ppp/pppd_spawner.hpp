// Starts pppd processes on threads of their own: vfork suspends the thread that calls it until
// the child has exec'd, which under load (or emulation) is tens of milliseconds per pppd; the
// reactor thread must go on answering control messages meanwhile, and a burst of calls gets
// its pppds started on every core. Each result is posted back to the reactor. A pppd's
// death signal (PR_SET_PDEATHSIG) is tied to the thread that started it: the threads live as
// long as the spawner.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace l2tp::ppp {

class PppdSpawner {
  public:
    using SessionKey = std::pair<std::uint32_t, std::uint32_t>;  // tunnel, session
    struct Job {
        SessionKey session;
        std::vector<std::string> argv;
        std::vector<std::string> environment;
        int channel = -1;  // becomes the child's descriptor 3; closed here afterwards
    };
    // On the reactor: the child's PID, or -1 with why it could not be run.
    using Done = std::function<void(SessionKey, pid_t, std::error_code)>;

    PppdSpawner(boost::asio::io_context& io, Done done);
    // Finishes the job under way; the ones not begun are dropped (their channels closed).
    ~PppdSpawner();
    PppdSpawner(const PppdSpawner&) = delete;
    PppdSpawner& operator=(const PppdSpawner&) = delete;

    void submit(Job job);

  private:
    void run();

    boost::asio::io_context& io_;
    Done done_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool closing_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace l2tp::ppp
