// What l2tpctl can ask: the requests of the management socket and their JSON answers.
#pragma once

#include <nlohmann/json.hpp>

#include "../daemon/engine_driver.hpp"
#include "l2tp/config/daemon_config.hpp"

namespace l2tp::mgmt {

nlohmann::json handle_request(const nlohmann::json& request, daemon::EngineDriver& driver,
                              const config::DaemonConfig& config);

}  // namespace l2tp::mgmt
