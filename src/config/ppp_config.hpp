// The `ppp:` blocks of the configuration (docs/configuration.md "PPP"): at the top (defaults
// for every PPP session, and the limits on pppd processes), in a profile and in a peer, each
// starting from the one above it. Paths are checked at load: a missing pppd, plugin or options
// file is a configuration fault, not a failed call later.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "pppd_options.hpp"

namespace l2tp::config {

// A profile's or peer's block: `base` with what the block sets.
ppp::PppdOptions ppp_options(const YAML::Node& node, std::string_view what,
                             const ppp::PppdOptions& base);
// The top-level block: its options (over pppd's defaults) and the limits.
void ppp_block(const YAML::Node& node, ppp::PppdOptions& options, ppp::PppdLimits& limits);

}  // namespace l2tp::config
