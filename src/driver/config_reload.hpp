// Applies a re-read configuration to the running daemon (l2tpctl reload, SIGHUP): the engine
// answers new SCCRQs with the new profiles, tunnels of peers that are gone are closed, new peers
// marked `connect: true` are dialled and pseudowires added or removed (by the supervisor), the
// address pools take their new ranges (addresses held stay held), and established tunnels of
// peers that stay are untouched.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/daemon_config.hpp"
#include "driver/engine_driver.hpp"
#include "driver/supervisor.hpp"

namespace l2tp::driver {

// What a reload did, as l2tpctl reload answers it and the log says it.
struct ReloadOutcome {
    // Why the configuration was refused (it does not load): then nothing changed and nothing
    // else here is set.
    std::optional<std::string> refused;
    std::vector<std::string> peers_added;
    std::vector<std::string> peers_removed;
    std::size_t tunnels_closed = 0;
    std::size_t tunnels_opened = 0;
    // Settings that only take effect at the next start (sockets already bound).
    std::vector<std::string> needs_restart;
    // Static tunnels and sessions that could not be installed as configured.
    std::vector<std::string> static_failures;
};

ReloadOutcome apply_config(EngineDriver& driver, Supervisor& supervisor,
                           const config::DaemonConfig& running, const config::DaemonConfig& next);

}  // namespace l2tp::driver
