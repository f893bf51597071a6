// What l2tpctl can ask: the requests of the management socket and their JSON answers.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "daemon_config.hpp"
#include "engine_driver.hpp"
#include "supervisor.hpp"

namespace l2tp::mgmt {

// Re-reads the configuration and applies it; answers like any request.
using Reload = std::function<nlohmann::json()>;

// A tunnel as the answers show it; the peer's strings are escaped (wire::printable).
nlohmann::json view(const engine::TunnelInfo& tunnel);

// A pseudowire as `show pseudowires` shows it, with its datapath when it is installed.
nlohmann::json view(const daemon::Supervisor::PseudowireStatus& pseudowire,
                    engine::Dataplane& dataplane, control::Time now);

nlohmann::json handle_request(const nlohmann::json& request, daemon::EngineDriver& driver,
                              const daemon::Supervisor& supervisor,
                              const config::DaemonConfig& config, const Reload& reload);

}  // namespace l2tp::mgmt
