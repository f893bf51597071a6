// The secrets file (`secrets_file:`, docs/configuration.md "Secrets"): `name: secret` pairs,
// readable by its owner only, that a profile's or a RADIUS server's `secret_ref` names so
// that the configuration itself holds none.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>

namespace l2tp::config {

using Secrets = std::map<std::string, std::string>;

// `where` is the secrets_file setting, pointed at when the file is refused.
Secrets load_secrets(const YAML::Node& where, const std::string& path);

// A mapping's `secret` or the secret its `secret_ref` names (not both); none if it has neither.
std::optional<std::string> secret_setting(const YAML::Node& node, const Secrets& secrets);

}  // namespace l2tp::config
