// The `ppp:` blocks: a profile's block starts from the top-level one, a peer's from its
// profile's; pppd, its plugin and the options file are checked when the file is loaded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/daemon_config.hpp"
#include "support/parse_config.hpp"

namespace l2tp::config {
namespace {

using namespace std::chrono_literals;

using testing::config_fault;
using testing::parse_config;

// Peers whose ppp blocks start from their profiles'.
const char* const kPeers = R"(
profiles:
  lns: {version: 2, ppp: {name: lns-a, mru: 1400}}
  plain: {version: 2}
peers:
  - {name: lac1, host_name: lac1, profile: lns, ppp: {ipparam: "%p-%c", lcp_echo_interval: 10}}
  - {name: lac2, host_name: lac2, profile: lns}
  - {name: lac3, host_name: lac3, profile: plain}
)";

TEST(PppConfig, ProfilesStartFromTheTopAndPeersFromTheirProfile) {
    const DaemonConfig c = parse_config(std::string(R"(
ppp:
  pppd: /bin/true
  interface: "l2tp%s"
  arguments: [debug]
  max_starting: 4
  max_waiting: 9
  start_timeout: 30
  stop_timeout: 2.5
)") + kPeers);
    EXPECT_EQ(c.ppp_limits.max_starting, 4u);
    EXPECT_EQ(c.ppp_limits.max_waiting, 9u);
    EXPECT_EQ(c.ppp_limits.start_timeout, 30s);
    EXPECT_EQ(c.ppp_limits.stop_timeout, 2500ms);

    const ppp::PppdOptions& lac1 = c.ppp_options(peer_key("lac1"));
    EXPECT_EQ(lac1.pppd, "/bin/true");         // from the top
    EXPECT_EQ(lac1.interface, "l2tp%s");       // from the top
    EXPECT_EQ(lac1.name, "lns-a");             // from the profile
    EXPECT_EQ(lac1.mru, std::uint16_t{1400});  // from the profile
    EXPECT_EQ(lac1.ipparam, "%p-%c");          // its own
    EXPECT_EQ(lac1.lcp_echo_interval, 10u);    // its own
    EXPECT_EQ(lac1.arguments, std::vector<std::string>{"debug"});

    const ppp::PppdOptions& lac2 = c.ppp_options(peer_key("lac2"));
    EXPECT_EQ(lac2.name, "lns-a");
    EXPECT_TRUE(lac2.ipparam.empty());
    EXPECT_EQ(c.ppp_options(peer_key("lac3")).name, "");
    EXPECT_EQ(c.ppp_options(peer_key("lac3")).pppd, "/bin/true");
    // A profile used for unlisted peers, and anything unknown: the top-level block.
    EXPECT_EQ(c.ppp_options(profile_key("lns")).name, "lns-a");
    EXPECT_EQ(c.ppp_options("nothing").pppd, "/bin/true");
    // The engine carries the key the options are found under.
    EXPECT_EQ(c.tunnel_profile(c.peers[0]).name, "peer lac1");
    EXPECT_EQ(c.profiles.at("plain").name, "profile plain");
}

TEST(PppConfig, FaultsAreRefusedWithTheirPlace) {
    EXPECT_EQ(config_fault("ppp:\n  options_file: /nonexistent/options\n"),
              "test.yaml:2:17: options_file: cannot read the file '/nonexistent/options'");
    EXPECT_EQ(config_fault("ppp:\n  plugin: nosuch.so\n"),
              "test.yaml:2:11: plugin: no 'nosuch.so' in pppd's plugin directory "
              "/usr/lib/pppd/VERSION/");
    EXPECT_EQ(config_fault("ppp:\n  plugin: /nonexistent/pppol2tp.so\n"),
              "test.yaml:2:11: plugin: no file '/nonexistent/pppol2tp.so'");
    EXPECT_EQ(config_fault("ppp:\n  pppd: pppd\n"),
              "test.yaml:2:9: pppd: expected the absolute path of an executable file, and 'pppd' "
              "is none");
    EXPECT_EQ(config_fault("ppp:\n  interface: \"ppp%x\"\n"),
              "test.yaml:2:14: interface: unknown placeholder in 'ppp%x' (expected %% or one of "
              "%tsTS)");
    EXPECT_EQ(config_fault("ppp:\n  interface: \"a-very-long-name%s\"\n"),
              "test.yaml:2:14: interface: expected a pattern such as 'ppp-l2tp%s' (at most 10 "
              "characters besides the placeholders, which expand to the IDs)");
    EXPECT_EQ(config_fault("ppp:\n  mru: 64\n"),
              "test.yaml:2:8: mru: expected a whole number from 128 "
              "to 16384");
    EXPECT_EQ(
        config_fault("ppp:\n  pppd_path: /usr/sbin/pppd\n")
            .rfind("test.yaml:2:3: unknown key 'pppd_path' in ppp (expected one of: pppd, ", 0),
        0u);
    EXPECT_EQ(config_fault("profiles:\n  p: {version: 2, ppp: {max_starting: 3}}\n"),
              "test.yaml:2:25: max_starting: a limit of all pppd processes, set in the top-level "
              "ppp block");
}

TEST(PppConfig, ARelativeOptionsFileIsFoundBesideTheConfiguration) {
    const auto dir = std::filesystem::temp_directory_path() / "l2tpd_ppp_config_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "options.lns") << "require-chap\n";
    ConfigResult r = load_config_text("ppp: {options_file: options.lns}\n", "test.yaml", dir);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(std::holds_alternative<DaemonConfig>(r)) << std::get<ConfigError>(r).to_string();
    EXPECT_EQ(std::get<DaemonConfig>(r).ppp.options_file, (dir / "options.lns").string());
}

TEST(PppConfig, APluginInPppdsDirectoryIsFoundByName) {
    // Debian's ppp package puts pppol2tp.so in /usr/lib/pppd/VERSION/.
    bool installed = false;
    std::error_code ignored;
    for (const auto& d : std::filesystem::directory_iterator("/usr/lib/pppd", ignored)) {
        installed |= std::filesystem::exists(d.path() / "pppol2tp.so");
    }
    ASSERT_TRUE(installed) << "the ppp package is a dependency of the tests";
    EXPECT_EQ(parse_config("ppp:\n  plugin: pppol2tp.so\n").ppp.plugin, "pppol2tp.so");
}

}  // namespace
}  // namespace l2tp::config
