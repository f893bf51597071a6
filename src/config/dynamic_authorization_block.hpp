// Reads the radius block's `dynamic_authorization:` (docs/configuration.md, "RADIUS"); faults
// at their node, as the rest of the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include "config/dynamic_authorization_config.hpp"
#include "config/secrets.hpp"

namespace l2tp::config {

DynamicAuthorizationConfig dynamic_authorization_block(const YAML::Node& node,
                                                       const Secrets& secrets);

}  // namespace l2tp::config
