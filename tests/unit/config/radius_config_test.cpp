// The `radius:` block and `radius: true` in ppp blocks: servers with secrets from the secrets
// file, what radius.so's client can hold, and every fault at its place.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/daemon_config.hpp"

namespace l2tp::config {
namespace {

class RadiusConfig : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("l2tpd-radius-config-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "secrets.yaml") << "radius1: one-secret\nradius2: two-secret\n";
        ::chmod((dir_ / "secrets.yaml").c_str(), 0600);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    ConfigResult load(const std::string& yaml) const {
        return load_config_text("secrets_file: secrets.yaml\n" + yaml, "test.yaml", dir_.string());
    }
    DaemonConfig ok(const std::string& yaml) const {
        ConfigResult r = load(yaml);
        if (const auto* e = std::get_if<ConfigError>(&r)) {
            ADD_FAILURE() << e->to_string();
            return {};
        }
        return std::get<DaemonConfig>(std::move(r));
    }
    // The fault, its line counted from the secrets_file line above `yaml`.
    std::string fault(const std::string& yaml) const {
        const ConfigResult r = load(yaml);
        const auto* e = std::get_if<ConfigError>(&r);
        return e == nullptr ? "accepted" : e->to_string();
    }

    std::filesystem::path dir_;
};

const char* const kTwoServers = R"(radius:
  servers:
    - {address: 192.0.2.1, secret_ref: radius1}
    - {address: 192.0.2.2, auth_port: 11812, acct_port: 11813, secret: inline}
  timeout: 2
  retries: 1
  interim_interval: 300
  nas_identifier: lns-1
  nas_ip_address: 198.51.100.1
)";

TEST_F(RadiusConfig, ServersInOrderWithTheirSecretsAndDefaultPorts) {
    const DaemonConfig c = ok(kTwoServers);
    ASSERT_TRUE(c.radius);
    ASSERT_EQ(c.radius->servers.size(), 2u);
    EXPECT_EQ(c.radius->servers[0], (ppp::RadiusServer{"192.0.2.1", 1812, 1813, "one-secret"}));
    EXPECT_EQ(c.radius->servers[1], (ppp::RadiusServer{"192.0.2.2", 11812, 11813, "inline"}));
    EXPECT_EQ(c.radius->timeout, 2u);
    EXPECT_EQ(c.radius->retries, 1u);
    EXPECT_EQ(c.radius->interim_interval, 300u);
    EXPECT_EQ(c.radius->nas_identifier, "lns-1");
    EXPECT_EQ(c.radius->nas_ip_address, "198.51.100.1");
}

TEST_F(RadiusConfig, TheNasIdentifierDefaultsToTheHostName) {
    const DaemonConfig c = ok("radius: {servers: [{address: 192.0.2.1, secret_ref: radius1}]}\n");
    ASSERT_TRUE(c.radius);
    char host[256] = {};
    ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
    EXPECT_EQ(c.radius->nas_identifier, host);
    EXPECT_EQ(c.radius->timeout, 3u);
    EXPECT_EQ(c.radius->retries, 3u);
    EXPECT_EQ(c.radius->interim_interval, 0u);
}

TEST_F(RadiusConfig, RadiusTrueIsInheritedLikeTheOtherPppKeys) {
    const DaemonConfig c = ok(std::string(kTwoServers) + R"(
profiles:
  lns: {version: 2, ppp: {radius: true}}
  local: {version: 2}
peers:
  - {name: lac1, host_name: lac1, profile: lns}
  - {name: lac2, host_name: lac2, profile: lns, ppp: {radius: false}}
)");
    EXPECT_FALSE(c.ppp.radius);
    EXPECT_TRUE(c.ppp_options(profile_key("lns")).radius);
    EXPECT_FALSE(c.ppp_options(profile_key("local")).radius);
    EXPECT_TRUE(c.ppp_options(peer_key("lac1")).radius);
    EXPECT_FALSE(c.ppp_options(peer_key("lac2")).radius);
}

TEST_F(RadiusConfig, FaultsPointAtTheirPlace) {
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1, secret_ref: nobody}]}\n"),
              "test.yaml:2:53: secret_ref: no secret named 'nobody' in the secrets file (set "
              "secrets_file)");
    EXPECT_EQ(fault("radius: {servers: [{address: radius.example, secret: s}]}\n"),
              "test.yaml:2:30: address: expected an IPv4 address (radius.so's client has no "
              "IPv6), not 'radius.example'");
    EXPECT_EQ(fault("radius: {servers: []}\n"),
              "test.yaml:2:19: radius: servers: expected a list of 1 to 8 servers ({address, "
              "secret_ref})");
    EXPECT_EQ(fault("radius: {timeout: 3}\n"),
              "test.yaml:2:9: radius: servers: expected a list of 1 to 8 servers ({address, "
              "secret_ref})");
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1}]}\n"),
              "test.yaml:2:20: radius server: expected secret_ref (or secret), the shared secret "
              "(RFC 2865 §3)");
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1, secret: \"has blank\"}]}\n"),
              "test.yaml:2:49: secret: expected 1 to 48 characters without blanks (what "
              "radius.so's client reads)");
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1, secret: s, port: 1}]}\n"),
              "test.yaml:2:52: unknown key 'port' in radius server (expected one of: address, "
              "auth_port, acct_port, secret, secret_ref)");
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1, secret: s}], retries: 0}\n"),
              "test.yaml:2:63: retries: expected a whole number from 1 to 10");
    EXPECT_EQ(fault("radius: {servers: [{address: 192.0.2.1, secret: s}], interim_interval: 30}\n"),
              "test.yaml:2:72: interim_interval: expected 0 (none) or 60 to 86400 seconds (RFC "
              "2869 §5.16)");
    EXPECT_EQ(fault("radius:\n  servers:\n    - {address: 192.0.2.1, secret: a}\n"
                    "    - {address: 192.0.2.1, auth_port: 1, secret: b}\n"),
              "test.yaml:5:17: address: 192.0.2.1 is listed already with another secret; "
              "radius.so keeps one secret per address");
    EXPECT_EQ(fault("ppp: {radius: true}\n"),
              "test.yaml:2:15: radius: true needs a top-level radius block naming the servers");
    EXPECT_EQ(fault("profiles:\n  lns:\n    version: 2\n    ppp: {radius: true}\n"),
              "test.yaml:5:19: radius: true needs a top-level radius block naming the servers");
}

TEST_F(RadiusConfig, DynamicAuthorizationIsOffByDefault) {
    const DaemonConfig c = ok(kTwoServers);
    EXPECT_EQ(c.dynamic_authorization, DynamicAuthorizationConfig{});
    EXPECT_TRUE(c.dynamic_authorization.listen.empty());
    EXPECT_EQ(c.dynamic_authorization.port, 3799);
    EXPECT_EQ(c.dynamic_authorization.event_timestamp_window, 300u);
}

TEST_F(RadiusConfig, DynamicAuthorizationListensForItsClients) {
    const DaemonConfig c = ok(std::string(kTwoServers) + R"(  dynamic_authorization:
    listen: [198.51.100.1, "2001:db8:0::1"]
    port: 13799
    clients:
      - {address: 192.0.2.50, secret_ref: radius2}
      - {address: "2001:DB8::50", secret: inline}
    event_timestamp_window: 60
    require_event_timestamp: true
)");
    const DynamicAuthorizationConfig& d = c.dynamic_authorization;
    EXPECT_EQ(d.listen, (std::vector<std::string>{"198.51.100.1", "2001:db8::1"}));
    EXPECT_EQ(d.port, 13799);
    EXPECT_EQ(d.clients, (std::vector<DynamicAuthorizationClient>{{"192.0.2.50", "two-secret"},
                                                                  {"2001:db8::50", "inline"}}));
    EXPECT_EQ(d.event_timestamp_window, 60u);
    EXPECT_TRUE(d.require_event_timestamp);
}

TEST_F(RadiusConfig, DynamicAuthorizationFaultsPointAtTheirPlace) {
    const std::string servers = "radius:\n  servers: [{address: 192.0.2.1, secret: s}]\n";
    EXPECT_EQ(fault(servers + "  dynamic_authorization: {listen: [nowhere], clients: []}\n"),
              "test.yaml:4:36: listen: expected an IPv4 or IPv6 address, not 'nowhere'");
    EXPECT_EQ(fault(servers + "  dynamic_authorization: {listen: [192.0.2.9]}\n"),
              "test.yaml:4:26: dynamic_authorization: listen needs clients: requests from anyone "
              "else are dropped");
    EXPECT_EQ(fault(servers + "  dynamic_authorization: {clients: [{address: 192.0.2.50}]}\n"),
              "test.yaml:4:37: dynamic_authorization client: expected secret_ref (or secret), the "
              "shared secret its requests are signed with (RFC 5176 §2.3)");
    EXPECT_EQ(fault(servers + "  dynamic_authorization:\n    clients:\n"
                              "      - {address: 192.0.2.50, secret: a}\n"
                              "      - {address: 192.0.2.50, secret: b}\n"),
              "test.yaml:7:19: address: 192.0.2.50 is listed already");
    EXPECT_EQ(fault(servers + "  dynamic_authorization: {event_timestamp_window: 0}\n"),
              "test.yaml:4:51: event_timestamp_window: expected a whole number from 1 to 86400");
    EXPECT_EQ(fault(servers + "  dynamic_authorization: {secret: s}\n"),
              "test.yaml:4:27: unknown key 'secret' in dynamic_authorization (expected one of: "
              "listen, port, clients, event_timestamp_window, require_event_timestamp)");
}

TEST_F(RadiusConfig, TheRadiusLnsExampleIsValid) {
    // Its secrets file and pppd options beside it: stand-ins (git does not keep mode 0600).
    const std::filesystem::path examples = std::string(L2TP_SOURCE_DIR) + "/etc/examples";
    std::filesystem::copy_file(examples / "isp-lns-radius.pppd", dir_ / "isp-lns-radius.pppd");
    std::ofstream(dir_ / "secrets.yaml") << "radius-1: a\nradius-2: b\nlac-tunnel: c\nbilling: d\n";
    std::ifstream in(examples / "isp-lns-radius.yaml");
    std::stringstream text;
    text << in.rdbuf();
    const ConfigResult r = load_config_text(text.str(), "isp-lns-radius.yaml", dir_.string());
    ASSERT_TRUE(std::holds_alternative<DaemonConfig>(r)) << std::get<ConfigError>(r).to_string();
    const DaemonConfig& c = std::get<DaemonConfig>(r);
    ASSERT_TRUE(c.radius);
    EXPECT_EQ(c.radius->servers.size(), 2u);
    EXPECT_EQ(c.radius->servers[1].secret, "b");
    EXPECT_TRUE(c.ppp_options(peer_key("wholesale-a")).radius);
    EXPECT_EQ(c.ppp_options(peer_key("wholesale-a")).pool, "subscribers");
    EXPECT_EQ(c.dynamic_authorization.clients,
              (std::vector<DynamicAuthorizationClient>{{"192.0.2.10", "d"}}));
}

}  // namespace
}  // namespace l2tp::config
