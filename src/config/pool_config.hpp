// The top-level `pools:` block (docs/ppp.md "Address pools"): named IPv4 address pools, each
// its ranges ("A-B", or a prefix "P/len" without its network and broadcast addresses) and our
// end's address; and the `pool:` key of a profile or peer, which names one.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "ppp/address_pools.hpp"

namespace l2tp::config {

// Every pool has an address for a client, no two ranges overlap (in a pool or across pools:
// an address is one client's), and no pool's `local` is in any pool's ranges.
ppp::PoolDefinitions pools_block(const YAML::Node& node);
// A `pool:` value: the name of one of `pools`.
std::string pool_name(const YAML::Node& node, const ppp::PoolDefinitions& pools);

}  // namespace l2tp::config
