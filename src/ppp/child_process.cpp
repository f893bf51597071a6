#include "ppp/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>

namespace l2tp::ppp {

namespace {

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const std::string& s : strings) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

// Blocks every signal for its lifetime: no handler of ours may run in the vfork child, which
// shares our memory.
class AllSignalsBlocked {
  public:
    AllSignalsBlocked() {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &saved_);
    }
    ~AllSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
    AllSignalsBlocked(const AllSignalsBlocked&) = delete;
    AllSignalsBlocked& operator=(const AllSignalsBlocked&) = delete;

  private:
    sigset_t saved_;
};

[[noreturn]] void fail_in_child(volatile int* exec_errno) {
    *exec_errno = errno;
    _exit(127);
}

// In the vfork child: system calls only, and _exit on failure with the errno left in
// `exec_errno` (the parent's memory) for the parent to report.
[[noreturn]] void become(char* const* argv, char* const* envp, int descriptor, int target,
                         int dev_null, pid_t parent, volatile int* exec_errno) {
    const auto give_up = [exec_errno] { fail_in_child(exec_errno); };
    struct sigaction default_action = {};
    default_action.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; ++signal) {
        (void)sigaction(signal, &default_action, nullptr);  // fails for KILL, STOP: fine
    }
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
        give_up();
    }
    if (getppid() != parent) {  // the daemon died before the line above took effect
        _exit(127);
    }
    if (setsid() < 0) {
        give_up();
    }
    // Standard descriptors first: /dev/null's may be the target number, which is then taken.
    for (int standard = 0; standard < 3; ++standard) {
        if (dup2(dev_null, standard) < 0) {
            give_up();
        }
    }
    if (descriptor == target) {
        if (fcntl(target, F_SETFD, 0) != 0) {  // dup2 onto itself would keep FD_CLOEXEC
            give_up();
        }
    } else if (dup2(descriptor, target) < 0) {
        give_up();
    }
    if (close_range(static_cast<unsigned>(target) + 1, UINT_MAX, 0) != 0) {
        give_up();
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(argv[0], argv, envp);
    fail_in_child(exec_errno);
}

}  // namespace

pid_t spawn_with_descriptor(const std::vector<std::string>& argv,
                            const std::vector<std::string>& environment, int descriptor,
                            int target_number, std::error_code& error) {
    // Everything the child needs is made before vfork: it must not allocate.
    const std::vector<char*> args = c_strings(argv);
    const std::vector<char*> envp = c_strings(environment);
    const int dev_null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (dev_null < 0 || target_number < 3) {
        error = std::error_code(dev_null < 0 ? errno : EINVAL, std::generic_category());
        return -1;
    }
    volatile int exec_errno = 0;
    const pid_t parent = getpid();
    pid_t pid = -1;
    {
        AllSignalsBlocked blocked;
        pid = vfork();
        if (pid == 0) {
            become(args.data(), envp.data(), descriptor, target_number, dev_null, parent,
                   &exec_errno);
        }
    }
    const int vfork_errno = errno;
    close(dev_null);
    if (pid < 0) {
        error = std::error_code(vfork_errno, std::generic_category());
        return -1;
    }
    if (exec_errno != 0) {
        // The child has already exited (status 127) without becoming the program.
        (void)waitpid(pid, nullptr, 0);
        error = std::error_code(exec_errno, std::generic_category());
        return -1;
    }
    return pid;
}

}  // namespace l2tp::ppp
