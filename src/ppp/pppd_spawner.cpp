#include "ppp/pppd_spawner.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "ppp/child_process.hpp"
#include "ppp/pppd_command.hpp"

namespace l2tp::ppp {

PppdSpawner::PppdSpawner(boost::asio::io_context& io, Done done) : io_(io), done_(std::move(done)) {
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
    for (unsigned i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { run(); });
    }
}

PppdSpawner::~PppdSpawner() {
    {
        const std::lock_guard lock(mutex_);
        closing_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) {
        t.join();
    }
    for (const Job& job : jobs_) {
        close(job.channel);
    }
}

void PppdSpawner::submit(Job job) {
    {
        const std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void PppdSpawner::run() {
    // Signals are the reactor thread's business.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
            if (closing_) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        std::error_code error;
        const pid_t pid = ppp::spawn_with_descriptor(job.argv, job.environment, job.channel,
                                                     ppp::kChannelDescriptor, error);
        close(job.channel);  // pppd has it; the kernel session ends when pppd lets it go
        boost::asio::post(
            io_, [this, session = job.session, pid, error] { done_(session, pid, error); });
    }
}

}  // namespace l2tp::ppp
