// What l2tpctl can ask: the requests of the management socket and their JSON answers.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "config/daemon_config.hpp"
#include "dataplane/static_tunnels.hpp"
#include "driver/config_reload.hpp"
#include "driver/engine_driver.hpp"
#include "driver/supervisor.hpp"

namespace l2tp::mgmt {

// Re-reads the configuration and applies it (l2tpctl reload).
using Reload = std::function<driver::ReloadOutcome()>;

// The answer to `reload`: what changed, or why nothing did.
nlohmann::json view(const driver::ReloadOutcome& outcome);

// A tunnel as the answers show it; the peer's strings are escaped (wire::printable).
nlohmann::json view(const model::TunnelInfo& tunnel);

// A pseudowire as `show pseudowires` shows it, with its datapath when it is installed.
nlohmann::json view(const driver::Supervisor::PseudowireStatus& pseudowire,
                    dataplane::Dataplane& dataplane, model::Time now);

// A call placed by peer as `show calls` shows it.
nlohmann::json view(const driver::Supervisor::CallStatus& call, model::Time now);

// One address of a configured peer (an LNS of its list) as `show peers` shows it.
nlohmann::json view(const config::PeerConfig& peer, const driver::Supervisor::LnsStatus& lns,
                    model::Time now);

// What the requests are answered from.
struct CommandContext {
    driver::EngineDriver& driver;
    driver::Supervisor& supervisor;  // the daemon wakes it again after every request
    // The static tunnels and sessions as the kernel has them now (a netlink query each; none
    // without the kernel's datapath): asked only by the commands that show them.
    std::function<std::vector<dataplane::StaticTunnels::TunnelStatus>()> static_tunnels;
    const config::DaemonConfig& config;
    Reload reload;
};

// Answers one request: {"command": NAME, ARGUMENT: VALUE...}; `help` lists the commands and
// their arguments. A request with an unknown command or argument, or without an argument it
// needs, is refused with an error that names it.
nlohmann::json handle_request(const nlohmann::json& request, const CommandContext& context);

}  // namespace l2tp::mgmt
