// The `radius:` block (docs/radius.md): the RADIUS servers pppd's radius.so authenticates PPP
// subscribers with, for the sessions whose ppp block says `radius: true`.
#pragma once

#include <yaml-cpp/yaml.h>

#include "config/secrets.hpp"
#include "ppp/radius_client_config.hpp"

namespace l2tp::config {

ppp::RadiusClientConfig radius_block(const YAML::Node& node, const Secrets& secrets);

}  // namespace l2tp::config
