// l2tpd's configuration: what the YAML file says, validated, as values the daemon and the engine
// use. docs/configuration.md documents every key; etc/l2tpd.yaml shows them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/dynamic_authorization_config.hpp"
#include "dataplane/static_tunnel_config.hpp"
#include "l2tp/model/engine_config.hpp"
#include "l2tp/model/tunnel_profile.hpp"
#include "ppp/address_pools.hpp"
#include "ppp/pppd_options.hpp"
#include "ppp/radius_client_config.hpp"

namespace l2tp::config {

// auto: the kernel's when its `l2tp` netlink family answers, else null (with a warning).
enum class DataplaneKind : std::uint8_t { kAuto, kNull, kKernel };

// TunnelProfile::name of a configured profile and of a peer's profile: what per-tunnel settings
// kept beside the engine (pppd's options) are looked up by.
inline std::string profile_key(std::string_view profile) {
    return "profile " + std::string(profile);
}
inline std::string peer_key(std::string_view peer) {
    return "peer " + std::string(peer);
}

// One LNS of a peer's list: lower preferences are tried first, equal ones share the calls (the
// semantics of RFC 2868 §3.8 Tunnel-Preference).
struct LnsAddress {
    model::PeerEndpoint address;
    std::uint32_t preference = 0;

    friend bool operator==(const LnsAddress&, const LnsAddress&) = default;
};

struct PeerConfig {
    std::string name;
    std::optional<model::PeerEndpoint> address;  // port 1701 unless given
    // Instead of `address`, for a peer we dial: several LNSs (docs/configuration.md "LNS lists").
    std::vector<LnsAddress> lns;
    // How long an LNS of the list that failed is passed over.
    model::Duration set_aside = std::chrono::seconds(60);
    std::string host_name;  // matched against the peer's Host Name AVP
    std::string profile;    // name of a profile
    bool connect = false;   // open the tunnel at start (LAC / LCCE)

    // Every address it is known by: `address`, or each LNS of the list.
    [[nodiscard]] std::vector<model::PeerEndpoint> addresses() const;
};

// An L2TPv3 Ethernet pseudowire (a Cisco-style xconnect) with a configured peer: placed by the
// side whose peer has `connect: true`, matched by Remote End ID on the other.
struct PseudowireConfig {
    std::string name;
    std::string peer;             // a peer's name
    model::SessionParams params;  // type, Remote End ID, cookie, sublayer, sequencing, link
};

// The opt-in Prometheus endpoint (docs/metrics.md).
struct MetricsConfig {
    model::PeerEndpoint listen;  // TCP address and port
    bool per_tunnel = false;     // series per tunnel, labelled with its ID and peer

    friend bool operator==(const MetricsConfig&, const MetricsConfig&) = default;
};

struct DaemonConfig {
    std::vector<model::PeerEndpoint> listen;
    bool ip_encapsulation = true;  // also L2TPv3 over IP protocol 115, where the kernel offers it
    DataplaneKind dataplane = DataplaneKind::kAuto;
    // What the daemon runs with, decided at start (auto resolved); not read from the file.
    bool kernel_datapath = false;
    bool udp_checksum = false;           // IPv4 tunnel sockets send UDP checksums
    bool udp6_zero_checksum_tx = false;  // IPv6 tunnel sockets send zero checksums (RFC 6935)
    bool udp6_zero_checksum_rx = false;  // and accept them
    // UDP tunnel sockets: share the listener's port (1701, as IPsec policies expect), or get
    // a port of their own from tunnel_port_range (flat set-up cost at scale).
    bool per_tunnel_ports = false;
    std::uint16_t tunnel_port_first = 49152;
    std::uint16_t tunnel_port_last = 65535;
    // The packet mark of a UDP datagram (strongSwan's per-SA mark) is part of its peer's
    // identity, and the peer's datagrams leave with it: L2TP/IPsec clients behind one NAT.
    bool ipsec_marks = false;
    std::string control_socket = "/run/l2tpd/l2tpd.sock";
    std::optional<MetricsConfig> metrics;        // none: no endpoint
    std::size_t max_half_open = 1000;            // tunnels not yet established, at most
    std::size_t max_half_open_per_source = 100;  // of those, from one address
    std::size_t max_tunnels = 65535;
    std::size_t max_sessions = 1000000;
    std::size_t max_sessions_per_tunnel = 65535;
    std::optional<std::size_t> max_calls_setting_up;  // nothing: no limit
    std::size_t max_calls_held = 1000;
    std::map<std::string, model::TunnelProfile> profiles;
    std::optional<std::string> accept_v2;  // profile for L2TPv2 peers not listed in `peers`
    std::optional<std::string> accept_v3;
    std::vector<PeerConfig> peers;
    std::vector<PseudowireConfig> pseudowires;
    std::vector<dataplane::StaticTunnelConfig> static_tunnels;
    // pppd for PPP sessions: the top-level `ppp` block, and each profile's and peer's
    // (profile_key, peer_key) where they set one or their profile did.
    ppp::PppdOptions ppp;
    ppp::PppdLimits ppp_limits;
    std::map<std::string, ppp::PppdOptions, std::less<>> ppp_by_profile;
    // The address pools by name; a profile's or peer's `pool` is PppdOptions::pool.
    ppp::PoolDefinitions pools;
    // The `radius:` block: the servers of sessions whose ppp options say radius.
    std::optional<ppp::RadiusClientConfig> radius;
    // Its `dynamic_authorization:` block: RFC 5176 Disconnect-Requests; off by default.
    DynamicAuthorizationConfig dynamic_authorization;

    // pppd's options for tunnels of the profile TunnelProfile::name calls `profile_name`.
    [[nodiscard]] const ppp::PppdOptions& ppp_options(std::string_view profile_name) const;

    // The engine's profile for tunnels with `peer`: its profile, named after the peer, with
    // its pseudowires.
    [[nodiscard]] model::TunnelProfile tunnel_profile(const PeerConfig& peer) const;
    // The pseudowires configured with `peer`.
    [[nodiscard]] std::vector<model::SessionParams> pseudowires_of(const std::string& peer) const;
    // The engine's view: default and per-peer responder profiles. With the kernel datapath,
    // an L2TPv3 call to a pseudowire nobody configured is refused (CDN 5) rather than given
    // an interface the kernel names.
    [[nodiscard]] model::EngineConfig engine_config() const;
};

// A configuration the daemon refuses to run with, pointing at the offending place.
struct ConfigError {
    std::string file;
    int line = 0;  // 1-based; 0 when the fault is not at a place in the file
    int column = 0;
    std::string message;

    [[nodiscard]] std::string to_string() const;  // "file:line:column: message"
};

using ConfigResult = std::variant<DaemonConfig, ConfigError>;

ConfigResult load_config_file(const std::string& path);
// `name` stands for the file in error messages; relative secrets files resolve against `dir`.
ConfigResult load_config_text(std::string_view text, const std::string& name,
                              const std::string& dir = ".");

// What l2tpd runs without a configuration file: an LNS and L2TPv3 LCCE on 127.0.0.1 and ::1,
// UDP port 1701, accepting L2TPv2 and L2TPv3 peers without authentication, null dataplane.
DaemonConfig embedded_default_config();

}  // namespace l2tp::config
