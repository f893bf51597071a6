// The `ppp:` blocks of the configuration (docs/configuration.md "PPP"): at the top (defaults
// for every PPP session, and the limits on pppd processes), in a profile and in a peer, each
// starting from the one above it. Paths are checked at load: a missing pppd, plugin or options
// file is a configuration fault, not a failed call later.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "ppp/pppd_options.hpp"

namespace l2tp::config {

// A profile's or peer's block: `base` with what the block sets. A relative options_file is
// found in `dir` (the configuration file's folder).
ppp::PppdOptions ppp_options(const YAML::Node& node, std::string_view what,
                             const ppp::PppdOptions& base, const std::string& dir);
// The top-level block: its options (over pppd's defaults) and the limits.
void ppp_block(const YAML::Node& node, ppp::PppdOptions& options, ppp::PppdLimits& limits,
               const std::string& dir);

}  // namespace l2tp::config
