// The YAML configuration: every option reaches the engine, every fault is refused with
// file:line:column and what was expected.
#include "config/daemon_config.hpp"
#include "support/parse_config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace l2tp::config {
namespace {

using namespace std::chrono_literals;

DaemonConfig ok(std::string_view text) {
    return testing::parse_config(text);
}

std::string error(std::string_view text, const std::string& dir = ".") {
    return testing::config_fault(text, dir);
}

TEST(Config, EmptyFileMeansTheLoopbackDefaults) {
    const DaemonConfig c = ok("");
    ASSERT_EQ(c.listen.size(), 2u);
    EXPECT_EQ(c.listen[0].to_string(), "127.0.0.1:1701");
    EXPECT_EQ(c.listen[1].to_string(), "[::1]:1701");
}

TEST(Config, IpsecMarksAreOffUnlessAskedFor) {
    EXPECT_FALSE(ok("").ipsec_marks);
    EXPECT_TRUE(ok("ipsec_marks: true\n").ipsec_marks);
    EXPECT_NE(error("ipsec_marks: sometimes\n").find("ipsec_marks"), std::string::npos);
}

TEST(Config, TheShippedExampleIsValid) {
    // etc/l2tpd.yaml names secrets.yaml beside it; check it against a stand-in (git does not
    // keep the shipped one's mode 0600, which the loader requires).
    const auto dir =
        std::filesystem::temp_directory_path() / ("l2tpd-example-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "secrets.yaml") << "lns: a\npe1: b\n";
    ::chmod((dir / "secrets.yaml").c_str(), 0600);
    std::ifstream in(std::string(L2TP_SOURCE_DIR) + "/etc/l2tpd.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const ConfigResult r = load_config_text(yaml, "l2tpd.yaml", dir.string());
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(std::holds_alternative<DaemonConfig>(r)) << std::get<ConfigError>(r).to_string();
    const DaemonConfig& c = std::get<DaemonConfig>(r);
    EXPECT_EQ(c.dataplane, DataplaneKind::kAuto);
    EXPECT_EQ(c.profiles.at("pe").secret, "b");
    ASSERT_FALSE(c.pseudowires.empty());
    ASSERT_EQ(c.peers.size(), 3u);
    EXPECT_EQ(c.peers[1].address->encapsulation, wire::Encapsulation::kIp);
}

TEST(Config, TheCiscoXconnectExampleIsValid) {
    std::ifstream in(std::string(L2TP_SOURCE_DIR) + "/etc/examples/cisco-xconnect.yaml");
    std::stringstream text;
    text << in.rdbuf();
    const DaemonConfig c = ok(text.str());
    EXPECT_EQ(c.dataplane, DataplaneKind::kKernel);
    ASSERT_EQ(c.peers.size(), 1u);
    EXPECT_EQ(c.peers[0].address->encapsulation, wire::Encapsulation::kIp);
    ASSERT_EQ(c.pseudowires.size(), 2u);
    EXPECT_EQ(c.pseudowires[0].params.remote_end_id, "100");
    EXPECT_EQ(c.pseudowires[1].params.pseudowire_type, model::kPwEthernetVlan);
    EXPECT_EQ(c.profiles.at("cisco-pe").digest, wire::DigestType::kHmacMd5);
}

TEST(Config, EmbeddedDefaultAcceptsBothVersionsWithoutAuthentication) {
    const DaemonConfig c = embedded_default_config();
    const model::EngineConfig e = c.engine_config();
    ASSERT_TRUE(e.accept_v2);
    ASSERT_TRUE(e.accept_v3);
    EXPECT_TRUE(e.accept_v2->secret.empty());
    EXPECT_FALSE(e.accept_v3->digest);
    EXPECT_EQ(c.dataplane, DataplaneKind::kAuto);
}

// YAML reads an unquoted null as its null value; it still means the null dataplane, not the
// default (auto would take the kernel's datapath where there is one).
TEST(Config, DataplaneNullQuotedOrNotIsTheNullDataplane) {
    EXPECT_EQ(ok("dataplane: null\n").dataplane, DataplaneKind::kNull);
    EXPECT_EQ(ok("dataplane: \"null\"\n").dataplane, DataplaneKind::kNull);
    EXPECT_EQ(ok("dataplane: ~\n").dataplane, DataplaneKind::kNull);
    EXPECT_EQ(ok("dataplane: auto\n").dataplane, DataplaneKind::kAuto);
    EXPECT_EQ(ok("{}\n").dataplane, DataplaneKind::kAuto);
}

TEST(Config, EveryProfileOptionReachesTheEngine) {
    const DaemonConfig c = ok(R"(
listen: ["192.0.2.1", "[2001:db8::1]:1702"]
dataplane: kernel
control_socket: /tmp/l2tpd.sock
max_half_open: 50
max_half_open_per_source: 7
max_tunnels: 300
max_sessions: 4000
max_sessions_per_tunnel: 20
max_calls_setting_up: 16
max_calls_held: 500
profiles:
  lns:
    version: 2
    host_name: lns.example
    secret: s3cret
    challenge: true
    hide_avps: true
    hello_interval: 30
    tie_breaker: false
    retransmit_initial: 0.5
    retransmit_cap: 16
    retries: 7
    window: 32
    setup_timeout: 20
    call_setup_timeout: 40
  pw:
    base: cisco
    secret: other
    digest: sha1
    router_id: 10.0.0.1
    pseudowires: [ethernet, ppp]
    calls: {cookie_length: 8, l2_specific_sublayer: default, data_sequencing: true}
accept: {l2tpv2: lns, l2tpv3: pw}
peers:
  - {name: pe1, address: "192.0.2.9", profile: pw, connect: true}
  - {name: lac7, host_name: lac7.example, profile: lns}
)");
    EXPECT_EQ(c.listen[1].to_string(), "[2001:db8::1]:1702");
    EXPECT_EQ(c.dataplane, DataplaneKind::kKernel);
    EXPECT_EQ(c.max_half_open, 50u);
    const model::EngineConfig limits = c.engine_config();
    EXPECT_EQ(limits.max_half_open_per_source, 7u);
    EXPECT_EQ(limits.max_tunnels, 300u);
    EXPECT_EQ(limits.max_sessions, 4000u);
    EXPECT_EQ(limits.max_sessions_per_tunnel, 20u);
    EXPECT_EQ(limits.max_calls_setting_up, 16u);
    EXPECT_EQ(limits.max_calls_held, 500u);
    const model::TunnelProfile& lns = c.profiles.at("lns");
    EXPECT_EQ(lns.host_name, "lns.example");
    EXPECT_TRUE(lns.challenge);
    EXPECT_TRUE(lns.hide_avps);
    EXPECT_EQ(lns.hello_interval, 30s);
    EXPECT_FALSE(lns.tie_breaker);
    EXPECT_EQ(lns.channel.retransmit_initial, 500ms);
    EXPECT_EQ(lns.channel.retransmit_cap, 16s);
    EXPECT_EQ(lns.channel.max_retransmissions, 7u);
    EXPECT_EQ(lns.channel.local_receive_window, 32);
    EXPECT_EQ(lns.setup_timeout, 20s);
    EXPECT_EQ(lns.call_setup_timeout, 40s);
    const model::TunnelProfile& pw = c.profiles.at("pw");
    EXPECT_EQ(pw.version, wire::ProtocolVersion::kV3);
    EXPECT_EQ(pw.digest, wire::DigestType::kHmacSha1);
    EXPECT_EQ(pw.router_id, 0x0a000001u);
    EXPECT_EQ(pw.pseudowire_capabilities, (std::vector<std::uint16_t>{5, 7}));
    EXPECT_EQ(pw.accepted_calls.cookie_length, 8);
    EXPECT_EQ(pw.accepted_calls.sublayer, wire::L2SpecificSublayer::kDefault);
    EXPECT_TRUE(pw.accepted_calls.data_sequencing);
    const model::EngineConfig e = c.engine_config();
    ASSERT_EQ(e.peers.size(), 2u);
    EXPECT_EQ(e.peers[0].address->to_string(), "192.0.2.9:1701");
    EXPECT_EQ(e.peers[1].host_name, "lac7.example");
    EXPECT_TRUE(c.peers[0].connect);
}

TEST(Config, MetricsEndpointIsOptInAndNeedsAPort) {
    EXPECT_FALSE(ok("").metrics);
    const DaemonConfig c = ok("metrics: {listen: \"[::1]:9641\", per_tunnel: true}\n");
    ASSERT_TRUE(c.metrics);
    EXPECT_EQ(c.metrics->listen.to_string(), "[::1]:9641");
    EXPECT_TRUE(c.metrics->per_tunnel);
    EXPECT_FALSE(ok("metrics: {listen: \"127.0.0.1:9641\"}\n").metrics->per_tunnel);
    EXPECT_EQ(error("metrics:\n  listen: 127.0.0.1\n"),
              "test.yaml:2:11: metrics: listen: expected a port (\"127.0.0.1:9641\", "
              "\"[::1]:9641\")");
    EXPECT_EQ(error("metrics: {per_tunnel: true}\n"),
              "test.yaml:1:10: metrics: expected listen: \"ADDRESS:PORT\" (e.g. "
              "\"127.0.0.1:9641\")");
    EXPECT_EQ(error("metrics: {listen: \"127.0.0.1:9641\", path: /m}\n"),
              "test.yaml:1:37: unknown key 'path' in metrics (expected one of: listen, "
              "per_tunnel)");
}

TEST(Config, FaultsPointAtTheirPlace) {
    EXPECT_EQ(error("listen: [\"192.0.2.1\"]\nlistne: []\n"),
              "test.yaml:2:1: unknown key 'listne' in the configuration (expected one of: listen, "
              "ip_encapsulation, dataplane, control_socket, max_half_open, "
              "max_half_open_per_source, max_tunnels, max_sessions, max_sessions_per_tunnel, "
              "max_calls_setting_up, max_calls_held, udp_checksum, udp6_zero_checksum_tx, "
              "udp6_zero_checksum_rx, tunnel_ports, "
              "tunnel_port_range, ipsec_marks, secrets_file, profiles, accept, peers, pseudowires, "
              "static_tunnels, ppp, pools, radius, metrics)");
    EXPECT_EQ(error("max_calls_setting_up: 0\n"),
              "test.yaml:1:23: max_calls_setting_up: expected a whole number from 1 to 100000000");
    EXPECT_EQ(error("profiles:\n  a:\n    version: 4\n"),
              "test.yaml:3:14: version: expected one of 2, 3, not '4'");
    EXPECT_EQ(error("profiles:\n  a:\n    window: -3\n"),
              "test.yaml:3:13: window: expected a whole number from 1 to 1024");
    EXPECT_EQ(error("profiles:\n  a:\n    retransmit_cap: 2\n"),
              "test.yaml:3:21: retransmit_cap: expected a number of seconds from 8 to 600");
    EXPECT_EQ(error("listen: [\"300.1.1.1\"]\n"),
              "test.yaml:1:10: listen: expected an IPv4 or IPv6 address, optionally with :port "
              "([v6]:port)");
    EXPECT_EQ(error("accept: {l2tpv2: nope}\n"),
              "test.yaml:1:18: accept l2tpv2: no profile named 'nope' under profiles");
    EXPECT_EQ(error("profiles:\n  a: {version: 2, digest: md5}\n"),
              "test.yaml:2:27: digest: the Message Digest is L2TPv3 only (set version: 3)");
    EXPECT_EQ(error("profiles:\n  a: {challenge: true}\n"),
              "test.yaml:2:18: challenge: needs a secret (secret or secret_ref)");
    EXPECT_EQ(error("profiles:\n  a: {}\npeers:\n  - {name: x, profile: a}\n"),
              "test.yaml:4:5: peer 'x': expected an address or a host_name to know it by");
    EXPECT_EQ(error("listen: [unclosed\n").substr(0, 12), "test.yaml:2:");
    EXPECT_EQ(error("max_half_open: 5\nmax_half_open: 6\n"),
              "test.yaml:2:1: 'max_half_open' is given twice in the configuration");
}

TEST(Config, PeersOverIpAreL2tpv3AndKnownByAddress) {
    const DaemonConfig c =
        ok("profiles:\n  pe: {version: 3}\npeers:\n"
           "  - {name: pe1, address: \"192.0.2.20:1701\", encapsulation: ip, profile: pe}\n");
    ASSERT_EQ(c.peers.size(), 1u);
    EXPECT_EQ(c.peers[0].address->encapsulation, wire::Encapsulation::kIp);
    EXPECT_EQ(c.peers[0].address->to_string(), "192.0.2.20/ip");
    EXPECT_EQ(error("profiles:\n  a: {version: 2}\npeers:\n"
                    "  - {name: x, address: 192.0.2.1, encapsulation: ip, profile: a}\n"),
              "test.yaml:4:50: encapsulation: ip needs an L2TPv3 profile");
    EXPECT_EQ(error("profiles:\n  a: {version: 3}\npeers:\n"
                    "  - {name: x, address: 192.0.2.1, encapsulation: gre, profile: a}\n"),
              "test.yaml:4:50: encapsulation: expected udp or ip");
    EXPECT_EQ(error("ip_encapsulation: false\nprofiles:\n  a: {version: 3}\npeers:\n"
                    "  - {name: x, address: 192.0.2.1, encapsulation: ip, profile: a}\n"),
              "test.yaml:5:50: encapsulation: ip needs ip_encapsulation: true");
}

TEST(Config, AnLnsListNamesEveryLnsWithItsPreference) {
    const DaemonConfig c = ok(R"(profiles: {lac: {version: 2}}
peers:
  - name: farm
    profile: lac
    connect: true
    set_aside: 45
    lns:
      - {address: 192.0.2.2, preference: 10}
      - 192.0.2.3
      - {address: "[2001:db8::4]:1702"}
)");
    ASSERT_EQ(c.peers.size(), 1u);
    const PeerConfig& farm = c.peers[0];
    EXPECT_FALSE(farm.address);
    ASSERT_EQ(farm.lns.size(), 3u);
    EXPECT_EQ(farm.lns[0].address.to_string(), "192.0.2.2:1701");
    EXPECT_EQ(farm.lns[0].preference, 10u);
    EXPECT_EQ(farm.lns[1].preference, 0u);
    EXPECT_EQ(farm.lns[2].address.to_string(), "[2001:db8::4]:1702");
    EXPECT_EQ(farm.set_aside, 45s);
    EXPECT_EQ(farm.addresses().size(), 3u);
    // The engine knows the peer's profile at each address.
    EXPECT_EQ(c.engine_config().peers.size(), 3u);

    const std::string peer = "profiles: {lac: {version: 2}}\npeers:\n  - ";
    EXPECT_EQ(error(peer + "{name: f, profile: lac, connect: true, address: 192.0.2.1, lns: "
                           "[192.0.2.2]}\n"),
              "test.yaml:3:69: lns: a peer has an address or an lns list, not both");
    EXPECT_EQ(error(peer + "{name: f, profile: lac, lns: [192.0.2.2]}\n"),
              "test.yaml:3:34: lns: a list of LNSs is for a peer we dial (connect: true)");
    EXPECT_EQ(error(peer + "{name: f, profile: lac, connect: true, lns: [192.0.2.2, "
                           "192.0.2.2]}\n"),
              "test.yaml:3:61: lns: 192.0.2.2:1701 is already in the list");
    EXPECT_EQ(error(peer + "{name: f, profile: lac, connect: true, lns: []}\n"),
              "test.yaml:3:49: lns: expected a list of LNS addresses, or of {address, "
              "preference}");
    EXPECT_EQ(error(peer + "{name: f, profile: lac, connect: true, lns: [{address: 192.0.2.2, "
                           "preference: 16777216}]}\n"),
              "test.yaml:3:83: preference: expected a whole number from 0 to 16777215");
    EXPECT_EQ(error(peer + "{name: f, profile: lac, connect: true, address: 192.0.2.1, "
                           "set_aside: 5}\n"),
              "test.yaml:3:75: set_aside: only for a peer with an lns list");
}

constexpr std::string_view kPseudowirePeers = R"(profiles:
  pe: {version: 3}
  lns: {version: 2}
peers:
  - {name: pe1, address: 192.0.2.20, profile: pe, connect: true}
  - {name: lac, address: 192.0.2.30, profile: lns}
)";

TEST(Config, PseudowiresReachThePeersProfile) {
    DaemonConfig c = ok(std::string(kPseudowirePeers) + R"(udp_checksum: true
tunnel_ports: per-tunnel
tunnel_port_range: [20000, 29999]
pseudowires:
  - name: vc100
    peer: pe1
    remote_end_id: "100"
    type: ethernet-vlan
    interface: pw100
    mtu: 1446
    bridge: br0
    cookie_length: 4
    l2_specific_sublayer: default
    data_sequencing: true
    reorder_timeout: 50
  - {name: vc200, peer: pe1, interface: pw200}
)");
    EXPECT_TRUE(c.udp_checksum);
    EXPECT_TRUE(c.per_tunnel_ports);
    EXPECT_EQ(c.tunnel_port_first, 20000);
    EXPECT_EQ(c.tunnel_port_last, 29999);
    ASSERT_EQ(c.pseudowires.size(), 2u);
    const model::SessionParams& vc100 = c.pseudowires[0].params;
    EXPECT_EQ(vc100.remote_end_id, "100");
    EXPECT_EQ(vc100.pseudowire_type, model::kPwEthernetVlan);
    EXPECT_EQ(vc100.link.interface_name, "pw100");
    EXPECT_EQ(vc100.link.mtu, 1446);
    EXPECT_EQ(vc100.link.bridge, "br0");
    EXPECT_EQ(vc100.cookie_length, 4);
    EXPECT_EQ(vc100.sublayer, wire::L2SpecificSublayer::kDefault);
    EXPECT_TRUE(vc100.data_sequencing);
    EXPECT_EQ(vc100.link.reorder_timeout_ms, 50u);
    // The Remote End ID is the name unless given; Ethernet is the default type.
    EXPECT_EQ(c.pseudowires[1].params.remote_end_id, "vc200");
    EXPECT_EQ(c.pseudowires[1].params.pseudowire_type, model::kPwEthernet);
    c.kernel_datapath = true;
    const model::EngineConfig e = c.engine_config();
    ASSERT_EQ(e.peers.size(), 2u);
    EXPECT_EQ(e.peers[0].profile.configured_pseudowires.size(), 2u);
    EXPECT_FALSE(e.peers[0].profile.accept_unconfigured_pseudowires);
    EXPECT_TRUE(e.peers[1].profile.configured_pseudowires.empty());
    c.kernel_datapath = false;
    EXPECT_TRUE(c.engine_config().peers[0].profile.accept_unconfigured_pseudowires);
}

TEST(Config, ProfilesStartFromTheSystemsInTheField) {
    const DaemonConfig c = ok(R"(
profiles:
  l: {base: linux}
  n: {base: netbsd}
  c: {base: cisco, secret: s}
peers:
  - {name: nb, address: 192.0.2.9, encapsulation: ip, profile: n, connect: true}
pseudowires:
  - {name: p, peer: nb, interface: pw0}
)");
    EXPECT_EQ(c.profiles.at("l").accepted_calls.sublayer, wire::L2SpecificSublayer::kDefault);
    EXPECT_EQ(c.profiles.at("n").accepted_calls.sublayer, wire::L2SpecificSublayer::kNone);
    EXPECT_EQ(c.profiles.at("n").accepted_calls.cookie_length, 4);
    EXPECT_EQ(c.profiles.at("c").digest, wire::DigestType::kHmacMd5);
    // The pseudowire takes its defaults from its peer's profile.
    EXPECT_EQ(c.pseudowires[0].params.cookie_length, 4);
    EXPECT_EQ(c.pseudowires[0].params.sublayer, wire::L2SpecificSublayer::kNone);
}

TEST(Config, PseudowireFaultsPointAtTheirPlace) {
    const std::string peers(kPseudowirePeers);
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: nobody, interface: pw0}\n"),
              "test.yaml:8:21: peer: no peer named 'nobody' under peers");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: lac, interface: pw0}\n"),
              "test.yaml:8:21: peer: pseudowires need a peer with an L2TPv3 profile");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: pw0, type: ppp}\n"),
              "test.yaml:8:37: interface: a PPP pseudowire's interface is pppd's (see the ppp "
              "block)");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: x, type: ppv}\n"),
              "test.yaml:8:46: type: expected one of ethernet, ethernet-vlan, ppp, not 'ppv'");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, type: ppp}\n"), "accepted");
    EXPECT_EQ(
        error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: a-very-long-name0}\n"),
        "test.yaml:8:37: interface: expected an interface name of 1 to 15 characters without "
        "'/', ':' or blanks");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: pw0}\n"
                            "  - {name: b, peer: pe1, interface: pw0}\n"),
              "test.yaml:9:37: interface: 'pw0' is already the interface of pseudowire 'a'");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: pw0}\n"
                            "  - {name: b, peer: pe1, interface: pw1, remote_end_id: a}\n"),
              "test.yaml:9:5: pseudowire 'b': remote_end_id 'a' is already pseudowire 'a' with "
              "this peer");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1}\n"),
              "test.yaml:8:5: pseudowire: expected at least name, peer and interface");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: pw0, mtu: 9}\n"),
              "test.yaml:8:47: mtu: expected a whole number from 68 to 65535");
    EXPECT_EQ(error(peers + "pseudowires:\n  - {name: a, peer: pe1, interface: pw0, "
                            "data_sequencing: true}\n"),
              "test.yaml:8:59: data_sequencing: needs l2_specific_sublayer: default (sequence "
              "numbers travel in it, RFC 3931 §5.4.4)");
}

TEST(Config, StaticTunnelsAsIpL2tpAndNetbsdWriteThem) {
    const DaemonConfig c = ok(R"(
static_tunnels:
  - name: linux1
    local: 192.0.2.1
    remote: 192.0.2.2
    local_port: 5000
    remote_port: 5001
    tunnel_id: 3000
    peer_tunnel_id: 4000
    sessions:
      - {session_id: 1000, peer_session_id: 2000, interface: l2tpeth0,
         cookie: "0102030405060708", peer_cookie: "0a0b0c0d", mtu: 1446, vlan: 100}
  - name: netbsd1
    profile: netbsd
    local: "2001:db8::1"
    remote: "2001:db8::2"
    tunnel_id: 1
    peer_tunnel_id: 2
    sessions:
      - {session_id: 1234, peer_session_id: 4321, interface: l2tp0,
         cookie: [4, 12345], peer_cookie: [4, 54321]}
)");
    ASSERT_EQ(c.static_tunnels.size(), 2u);
    const dataplane::StaticTunnelConfig& linux1 = c.static_tunnels[0];
    EXPECT_EQ(linux1.remote.encapsulation, wire::Encapsulation::kUdp);
    EXPECT_EQ(linux1.local.port, 5000);
    EXPECT_EQ(linux1.remote.port, 5001);
    ASSERT_EQ(linux1.sessions.size(), 1u);
    EXPECT_EQ(linux1.sessions[0].cookie, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(linux1.sessions[0].peer_cookie, (std::vector<std::uint8_t>{10, 11, 12, 13}));
    EXPECT_EQ(linux1.sessions[0].sublayer, wire::L2SpecificSublayer::kDefault);  // ip l2tp's
    EXPECT_EQ(linux1.sessions[0].link.mtu, 1446);
    EXPECT_EQ(linux1.sessions[0].vlan, 100);
    const dataplane::StaticTunnelConfig& netbsd1 = c.static_tunnels[1];
    EXPECT_EQ(netbsd1.remote.encapsulation, wire::Encapsulation::kIp);
    EXPECT_EQ(netbsd1.remote.family, model::PeerEndpoint::Family::kIpv6);
    EXPECT_EQ(netbsd1.sessions[0].sublayer, wire::L2SpecificSublayer::kNone);
    // 12345 = 0x3039 and 54321 = 0xd431, in network byte order.
    EXPECT_EQ(netbsd1.sessions[0].cookie, (std::vector<std::uint8_t>{0, 0, 0x30, 0x39}));
    EXPECT_EQ(netbsd1.sessions[0].peer_cookie, (std::vector<std::uint8_t>{0, 0, 0xd4, 0x31}));
}

TEST(Config, StaticTunnelFaultsPointAtTheirPlace) {
    const std::string head = "static_tunnels:\n  - {name: t, local: 192.0.2.1, remote: ";
    EXPECT_EQ(error(head + "\"2001:db8::2\", tunnel_id: 1, peer_tunnel_id: 2}\n"),
              "test.yaml:2:41: remote: expected an address of the same family as local");
    EXPECT_EQ(error(head + "192.0.2.2, tunnel_id: 1, peer_tunnel_id: 2, encapsulation: ip, "
                           "local_port: 5}\n"),
              "test.yaml:2:116: local_port, remote_port: only with encapsulation: udp");
    EXPECT_EQ(error(head + "192.0.2.2, tunnel_id: 1, peer_tunnel_id: 2, sessions: "
                           "[{session_id: 1, peer_session_id: 2, interface: e0, cookie: abc}]}\n"),
              "test.yaml:2:155: cookie: expected 8 or 16 hex digits, or [length, number] with "
              "length 4 or 8");
    EXPECT_EQ(error(head + "192.0.2.2, tunnel_id: 1, peer_tunnel_id: 2}\n"
                           "  - {name: u, local: 192.0.2.1, remote: 192.0.2.3, tunnel_id: 1, "
                           "peer_tunnel_id: 3}\n"),
              "test.yaml:3:63: tunnel_id: static tunnel 't' has it already");
    EXPECT_EQ(error(head + "192.0.2.2, tunnel_id: 1, peer_tunnel_id: 2, sessions: "
                           "[{session_id: 1, peer_session_id: 2, interface: twelve-chars, "
                           "vlan: 100}]}\n"),
              "test.yaml:2:163: vlan: the VLAN interface twelve-chars.100 would be longer than "
              "15 characters");
    EXPECT_EQ(error(head + "192.0.2.2, tunnel_id: 1}\n"),
              "test.yaml:2:5: static tunnel: expected at least name, local, remote, tunnel_id "
              "and peer_tunnel_id");
}

class SecretsFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("l2tpd-config-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "secrets.yaml") << "lac1: from-the-file\n";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
};

TEST_F(SecretsFile, SecretsComeFromAnOwnerOnlyFile) {
    ::chmod((dir_ / "secrets.yaml").c_str(), 0600);
    ConfigResult r = load_config_text(
        "secrets_file: secrets.yaml\nprofiles:\n  a: {secret_ref: "
        "lac1}\n",
        "test.yaml", dir_.string());
    ASSERT_TRUE(std::holds_alternative<DaemonConfig>(r)) << std::get<ConfigError>(r).to_string();
    EXPECT_EQ(std::get<DaemonConfig>(r).profiles.at("a").secret, "from-the-file");
    EXPECT_EQ(error("secrets_file: secrets.yaml\nprofiles:\n  a: "
                    "{secret_ref: lac2}\n",
                    dir_.string()),
              "test.yaml:3:19: secret_ref: no secret named 'lac2' in "
              "the secrets file (set "
              "secrets_file)");
}

TEST_F(SecretsFile, AWorldReadableSecretsFileIsRefused) {
    ::chmod((dir_ / "secrets.yaml").c_str(), 0644);
    const std::string e = error("secrets_file: secrets.yaml\n", dir_.string());
    EXPECT_NE(e.find("test.yaml:1:15: secrets_file:"), std::string::npos) << e;
    EXPECT_NE(e.find("expected mode 0600"), std::string::npos) << e;
}

}  // namespace
}  // namespace l2tp::config
