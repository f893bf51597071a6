// The `pools:` block and the `pool:` of profiles and peers: ranges and prefixes read as the
// addresses they give clients, each fault refused at its place.
#include <gtest/gtest.h>

#include "config/daemon_config.hpp"
#include "support/parse_config.hpp"

namespace l2tp::config {
namespace {

using testing::config_fault;
using testing::parse_config;

TEST(PoolConfig, RangesAndPrefixesAndThePoolOfProfilesAndPeers) {
    const DaemonConfig c = parse_config(R"(
pools:
  clients:
    ranges: [10.10.0.10-10.10.0.250, 10.20.0.0/24]
    local: 10.10.0.1
  staff: {ranges: [10.30.0.0/30], local: 10.10.0.1}
profiles:
  lns: {version: 2, pool: clients}
  plain: {version: 2}
peers:
  - {name: a, host_name: a, profile: lns}
  - {name: b, host_name: b, profile: lns, pool: staff}
  - {name: c, host_name: c, profile: plain}
)");
    const ppp::PoolDefinition& clients = c.pools.at("clients");
    ASSERT_EQ(clients.ranges.size(), 2u);
    EXPECT_EQ(clients.ranges[0], (ppp::Ipv4Range{0x0a0a000a, 0x0a0a00fa}));
    // A prefix without its network and broadcast addresses.
    EXPECT_EQ(clients.ranges[1], (ppp::Ipv4Range{0x0a140001, 0x0a1400fe}));
    EXPECT_EQ(clients.local, 0x0a0a0001u);
    EXPECT_EQ(c.pools.at("staff").ranges[0], (ppp::Ipv4Range{0x0a1e0001, 0x0a1e0002}));

    EXPECT_EQ(c.ppp_options(profile_key("lns")).pool, "clients");
    EXPECT_EQ(c.ppp_options(peer_key("a")).pool, "clients");  // its profile's
    EXPECT_EQ(c.ppp_options(peer_key("b")).pool, "staff");    // its own
    EXPECT_EQ(c.ppp_options(peer_key("c")).pool, "");
}

TEST(PoolConfig, TheConcentratorExampleGivesItsClientsAPool) {
    const ConfigResult r =
        load_config_file(L2TP_SOURCE_DIR "/etc/examples/l2tp-ipsec-concentrator.yaml");
    const auto* c = std::get_if<DaemonConfig>(&r);
    ASSERT_NE(c, nullptr) << std::get<ConfigError>(r).to_string();
    EXPECT_EQ(c->pools.at("clients").ranges,
              (std::vector<ppp::Ipv4Range>{{0x0a0a000a, 0x0a0a00fa}}));
    EXPECT_EQ(c->pools.at("clients").local, 0x0a0a0001u);
    EXPECT_EQ(c->ppp_options(profile_key("clients")).pool, "clients");
}

TEST(PoolConfig, FaultsAreRefusedWithTheirPlace) {
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24], local: 10.1.0.1}\n"
                           "profiles:\n  p: {version: 2, pool: b}\n"),
              "test.yaml:4:25: pool: no pool named 'b' under pools");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24], local: 10.1.0.1}\n"
                           "profiles:\n  p: {version: 2}\n"
                           "peers:\n  - {name: x, host_name: x, profile: p, pool: c}\n"),
              "test.yaml:6:47: pool: no pool named 'c' under pools");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24], local: 10.1.0.1}\n"
                           "  b: {ranges: [10.0.0.200-10.0.1.5], local: 10.1.0.1}\n"),
              "test.yaml:3:16: ranges: '10.0.0.200-10.0.1.5' overlaps '10.0.0.0/24' of pool 'a'");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.1-10.0.0.9, 10.0.0.9-10.0.0.20], "
                           "local: 10.1.0.1}\n"),
              "test.yaml:2:35: ranges: '10.0.0.9-10.0.0.20' overlaps '10.0.0.1-10.0.0.9' of "
              "pool 'a'");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.300-10.0.0.9], local: 10.1.0.1}\n"),
              "test.yaml:2:16: ranges: '10.0.0.300-10.0.0.9' is no range of IPv4 addresses "
              "(expected a range such as 10.10.0.10-10.10.0.250 or a prefix such as "
              "10.10.0.0/24)");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.9-10.0.0.1], local: 10.1.0.1}\n"),
              "test.yaml:2:16: ranges: '10.0.0.9-10.0.0.1' ends before it begins (expected a "
              "range such as 10.10.0.10-10.10.0.250 or a prefix such as 10.10.0.0/24)");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.1/24], local: 10.1.0.1}\n"),
              "test.yaml:2:16: ranges: '10.0.0.1/24' has host bits set: a prefix is written "
              "with its network address (expected a range such as 10.10.0.10-10.10.0.250 or a "
              "prefix such as 10.10.0.0/24)");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/33], local: 10.1.0.1}\n"),
              "test.yaml:2:16: ranges: '10.0.0.0/33' is no range of IPv4 addresses (expected a "
              "range such as 10.10.0.10-10.10.0.250 or a prefix such as 10.10.0.0/24)");
    // Empty pools: a /31 or /32 has no address besides network and broadcast; no range.
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/31], local: 10.1.0.1}\n"),
              "test.yaml:2:16: ranges: '10.0.0.0/31' has no address besides its network and "
              "broadcast addresses (expected a range such as 10.10.0.10-10.10.0.250 or a prefix "
              "such as 10.10.0.0/24)");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [], local: 10.1.0.1}\n"),
              "test.yaml:2:15: ranges: expected a list of address ranges and prefixes, at "
              "least one");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24], local: 10.0.0.77}\n"),
              "test.yaml:2:37: local: 10.0.0.77 is in the range '10.0.0.0/24' of pool 'a' "
              "(expected an address outside every pool)");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24], local: 10.0.1.300}\n"),
              "test.yaml:2:37: local: expected an IPv4 address such as 10.10.0.1, not "
              "'10.0.1.300'");
    EXPECT_EQ(config_fault("pools:\n  a: {ranges: [10.0.0.0/24]}\n"),
              "test.yaml:2:6: pool 'a': expected ranges and local");
}

}  // namespace
}  // namespace l2tp::config
