// Starting a helper program (pppd) without blocking the reactor and without handing it anything
// but what it needs: vfork + execve, the one descriptor at a fixed number, /dev/null on 0-2,
// every other descriptor closed, default signal handling, its own session, and SIGTERM when
// this process dies, so that no helper outlives a killed daemon.
#pragma once

#include <sys/types.h>

#include <string>
#include <system_error>
#include <vector>

namespace l2tp::ppp {

// Runs argv[0] with `argv` and `environment` ("NAME=VALUE"), `descriptor` as `target_number`
// in the child. Returns the child's PID, or -1 with `error` saying why it could not be run
// (the exec failure is reported here, not as an exit status).
pid_t spawn_with_descriptor(const std::vector<std::string>& argv,
                            const std::vector<std::string>& environment, int descriptor,
                            int target_number, std::error_code& error);

}  // namespace l2tp::ppp
