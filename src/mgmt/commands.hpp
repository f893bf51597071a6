// What l2tpctl can ask: the requests of the management socket and their JSON answers.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "config/daemon_config.hpp"
#include "dataplane/static_tunnels.hpp"
#include "driver/engine_driver.hpp"
#include "driver/supervisor.hpp"

namespace l2tp::mgmt {

// Re-reads the configuration and applies it; answers like any request.
using Reload = std::function<nlohmann::json()>;

// A tunnel as the answers show it; the peer's strings are escaped (wire::printable).
nlohmann::json view(const model::TunnelInfo& tunnel);

// A pseudowire as `show pseudowires` shows it, with its datapath when it is installed.
nlohmann::json view(const driver::Supervisor::PseudowireStatus& pseudowire,
                    dataplane::Dataplane& dataplane, model::Time now);

// What the requests are answered from.
struct Daemon {
    driver::EngineDriver& driver;
    const driver::Supervisor& supervisor;
    dataplane::StaticTunnels* statics;  // none when no static tunnel is configured
    const config::DaemonConfig& config;
    Reload reload;
};

nlohmann::json handle_request(const nlohmann::json& request, const Daemon& context);

}  // namespace l2tp::mgmt
