// l2tpctl reload and SIGHUP as the daemon carries them out: the configuration file re-read and
// applied, or refused with nothing changed; settings that need a restart named. A daemon on the
// null dataplane, listening on loopback, with its management socket in a temporary directory.
#include "daemon/daemon.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace l2tp::daemon {
namespace {

namespace fs = std::filesystem;

class DaemonReload : public ::testing::Test {
  protected:
    DaemonReload() {
        std::string pattern = (fs::temp_directory_path() / "l2tpd-daemon-test.XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
        config_path_ = (dir_ / "l2tpd.yaml").string();
    }
    ~DaemonReload() override {
        daemon_.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    // The configuration file: `yaml` after what every test's has (loopback, null dataplane,
    // the management socket `socket` in the temporary directory).
    void write_config(const std::string& yaml, const std::string& socket = "l2tpd.sock") {
        std::ofstream(config_path_) << "listen: [\"127.0.0.1:0\"]\n"
                                       "ip_encapsulation: false\n"
                                       "dataplane: \"null\"\n"
                                       "control_socket: \""
                                    << socket_path(socket) << "\"\n"
                                    << yaml;
    }
    std::string socket_path(const std::string& name) const { return (dir_ / name).string(); }

    // The daemon on the configuration file; `control_socket` as given on the command line.
    void start(const std::string& control_socket = "") {
        daemon_ = Daemon::start(io_, options(control_socket));
        ASSERT_NE(daemon_, nullptr);
    }

    Daemon::Options options(const std::string& control_socket = "") const {
        Daemon::Options options;
        options.config_path = config_path_;
        options.control_socket = control_socket;
        return options;
    }

    std::vector<std::string> peer_names() const {
        std::vector<std::string> names;
        for (const auto& p : daemon_->config().peers) {
            names.push_back(p.name);
        }
        return names;
    }

    fs::path dir_;
    std::string config_path_;
    boost::asio::io_context io_;
    std::unique_ptr<Daemon> daemon_;
};

constexpr const char* kPeers = R"(
profiles: {v2: {version: 2}}
peers:
  - {name: a, address: 192.0.2.10, profile: v2}
  - {name: b, address: 192.0.2.11, profile: v2}
)";

// One static tunnel, which needs the kernel's datapath (these tests run the null one).
constexpr const char* kStaticTunnel = R"(
static_tunnels:
  - name: linux1
    local: 192.0.2.1
    remote: 192.0.2.2
    tunnel_id: 3000
    peer_tunnel_id: 4000
    sessions:
      - {session_id: 1000, peer_session_id: 2000, interface: l2tpeth0}
)";

TEST_F(DaemonReload, AGoodConfigurationIsAppliedAndSaysWhatChanged) {
    write_config(kPeers);
    start();
    write_config(R"(
profiles: {v2: {version: 2}}
peers:
  - {name: b, address: 192.0.2.11, profile: v2}
  - {name: c, address: 192.0.2.12, profile: v2, connect: true}
)");
    const driver::ReloadOutcome outcome = daemon_->reload();
    EXPECT_FALSE(outcome.refused);
    EXPECT_EQ(outcome.peers_added, std::vector<std::string>{"c"});
    EXPECT_EQ(outcome.peers_removed, std::vector<std::string>{"a"});
    EXPECT_EQ(outcome.tunnels_closed, 0u);
    EXPECT_EQ(outcome.tunnels_opened, 1u);  // c is dialled
    EXPECT_TRUE(outcome.needs_restart.empty());
    EXPECT_TRUE(outcome.static_failures.empty());
    EXPECT_EQ(peer_names(), (std::vector<std::string>{"b", "c"}));
    EXPECT_EQ(daemon_->driver().engine().tunnels().size(), 1u);
}

// radius.so's files, beside the management socket: written at start, rewritten by a reload
// that changes the servers (new pppds read them), the secrets owner-only.
TEST_F(DaemonReload, TheRadiusFilesFollowTheConfiguration) {
    const auto servers_file = [this] {
        std::ifstream in(dir_ / "radius" / "servers");
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    write_config("radius: {servers: [{address: 192.0.2.20, secret: first}]}\n");
    start();
    EXPECT_NE(servers_file().find("192.0.2.20\tfirst\n"), std::string::npos) << servers_file();
    EXPECT_EQ(fs::status(dir_ / "radius" / "servers").permissions(),
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_TRUE(fs::exists(dir_ / "radius" / "radiusclient.conf"));
    write_config("radius: {servers: [{address: 192.0.2.21, secret: second}]}\n");
    EXPECT_FALSE(daemon_->reload().refused);
    EXPECT_NE(servers_file().find("192.0.2.21\tsecond\n"), std::string::npos) << servers_file();
    EXPECT_EQ(servers_file().find("192.0.2.20"), std::string::npos);
}

TEST_F(DaemonReload, AConfigurationThatDoesNotLoadIsRefusedAndChangesNothing) {
    write_config(kPeers);
    start();
    write_config("peers: 3\n");
    const driver::ReloadOutcome outcome = daemon_->reload();
    ASSERT_TRUE(outcome.refused);
    EXPECT_EQ(outcome.refused->rfind(config_path_ + ":", 0), 0u) << *outcome.refused;
    EXPECT_NE(outcome.refused->find("peers: expected a list of peers"), std::string::npos)
        << *outcome.refused;
    EXPECT_TRUE(outcome.peers_added.empty());
    EXPECT_TRUE(outcome.peers_removed.empty());
    EXPECT_TRUE(outcome.needs_restart.empty());
    EXPECT_EQ(peer_names(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(DaemonReload, AMissingFileIsRefusedToo) {
    write_config(kPeers);
    start();
    fs::remove(config_path_);
    const driver::ReloadOutcome outcome = daemon_->reload();
    ASSERT_TRUE(outcome.refused);
    EXPECT_EQ(peer_names(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(DaemonReload, AMetricsEndpointAddedNeedsARestart) {
    write_config(kPeers);
    start();
    write_config(std::string(kPeers) + "metrics: {listen: \"127.0.0.1:9641\"}\n");
    const driver::ReloadOutcome outcome = daemon_->reload();
    EXPECT_FALSE(outcome.refused);
    EXPECT_EQ(outcome.needs_restart, std::vector<std::string>{"metrics"});
    // Taken as the configuration: per_tunnel is read at each scrape.
    EXPECT_TRUE(daemon_->config().metrics.has_value());
}

TEST_F(DaemonReload, AMovedControlSocketNeedsARestart) {
    write_config(kPeers);
    start();
    write_config(kPeers, "moved.sock");
    const driver::ReloadOutcome outcome = daemon_->reload();
    EXPECT_EQ(outcome.needs_restart, std::vector<std::string>{"control_socket"});
    EXPECT_TRUE(fs::exists(socket_path("l2tpd.sock")));  // still served where it was bound
}

TEST_F(DaemonReload, TheCommandLinesControlSocketStillOverridesTheFile) {
    write_config(kPeers);
    start(socket_path("override.sock"));
    EXPECT_EQ(daemon_->config().control_socket, socket_path("override.sock"));
    EXPECT_TRUE(fs::exists(socket_path("override.sock")));
    write_config(kPeers, "moved.sock");  // the file's own path is not the one used
    const driver::ReloadOutcome outcome = daemon_->reload();
    EXPECT_TRUE(outcome.needs_restart.empty());
    EXPECT_EQ(daemon_->config().control_socket, socket_path("override.sock"));
}

TEST_F(DaemonReload, StaticTunnelsWithoutTheKernelsDatapathAreStaticFailures) {
    write_config(kPeers);
    start();
    write_config(std::string(kPeers) + kStaticTunnel);
    const driver::ReloadOutcome outcome = daemon_->reload();
    EXPECT_FALSE(outcome.refused);
    EXPECT_EQ(outcome.static_failures,
              std::vector<std::string>{"static_tunnels need the kernel's L2TP datapath"});
}

// l2tpctl reload: the outcome as the management socket answers it.
TEST_F(DaemonReload, TheManagementSocketAnswersWhatChanged) {
    write_config(kPeers);
    start();
    write_config(R"(
profiles: {v2: {version: 2}}
peers:
  - {name: b, address: 192.0.2.11, profile: v2}
)");
    boost::asio::local::stream_protocol::socket client(io_);
    client.connect(boost::asio::local::stream_protocol::endpoint(socket_path("l2tpd.sock")));
    boost::asio::write(client, boost::asio::buffer(std::string("{\"command\": \"reload\"}\n")));
    std::string reply;
    bool answered = false;
    boost::asio::async_read_until(
        client, boost::asio::dynamic_buffer(reply), '\n',
        [&](const boost::system::error_code& ec, std::size_t) { answered = !ec; });
    const auto bound = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!answered && std::chrono::steady_clock::now() < bound) {
        io_.run_one_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(answered);
    EXPECT_EQ(nlohmann::json::parse(reply),
              (nlohmann::json{{"ok", true},
                              {"peers_added", nlohmann::json::array()},
                              {"peers_removed", {"a"}},
                              {"tunnels_closed", 0},
                              {"tunnels_opened", 0},
                              {"needs_restart", nlohmann::json::array()},
                              {"static_failures", nlohmann::json::array()}}));
}

TEST_F(DaemonReload, StaticTunnelsWithoutTheKernelsDatapathDoNotStart) {
    write_config(kStaticTunnel);
    EXPECT_EQ(Daemon::start(io_, options()), nullptr);
    EXPECT_FALSE(fs::exists(socket_path("l2tpd.sock")));
}

}  // namespace
}  // namespace l2tp::daemon
