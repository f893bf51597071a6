// Reads l2tpd's YAML configuration strictly: every key known, every value checked, every fault
// reported as file:line:column with what was expected (docs/architecture.md, "Strict
// configuration").
#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/daemon_config.hpp"
#include "config/dynamic_authorization_block.hpp"
#include "config/pool_config.hpp"
#include "config/ppp_config.hpp"
#include "config/radius_config.hpp"
#include "config/secrets.hpp"
#include "config/yaml_reading.hpp"
#include "l2tp/model/pseudowire_type.hpp"

namespace l2tp::config {

namespace {

using dataplane::StaticSessionConfig;
using dataplane::StaticTunnelConfig;

using model::TunnelProfile;

// The Pseudowire Types by the names the configuration gives them.
std::vector<std::pair<std::string, std::uint16_t>> pseudowire_types() {
    std::vector<std::pair<std::string, std::uint16_t>> out;
    for (const model::PseudowireTypeSpec& type : model::all_pseudowire_types()) {
        out.emplace_back(type.name, type.value);
    }
    return out;
}

// "192.0.2.1", "192.0.2.1:1701", "::1", "[::1]:1701".
std::optional<model::PeerEndpoint> parse_endpoint(const std::string& s,
                                                  std::uint16_t default_port) {
    model::PeerEndpoint e;
    e.port = default_port;
    std::string host = s;
    std::string port;
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string::npos) {
            return std::nullopt;
        }
        host = s.substr(1, close - 1);
        if (close + 1 < s.size()) {
            if (s[close + 1] != ':') {
                return std::nullopt;
            }
            port = s.substr(close + 2);
        }
    } else if (std::count(s.begin(), s.end(), ':') == 1) {
        host = s.substr(0, s.find(':'));
        port = s.substr(s.find(':') + 1);
    }
    if (inet_pton(AF_INET, host.c_str(), e.address.data()) == 1) {
        e.family = model::PeerEndpoint::Family::kIpv4;
    } else if (inet_pton(AF_INET6, host.c_str(), e.address.data()) == 1) {
        e.family = model::PeerEndpoint::Family::kIpv6;
    } else {
        return std::nullopt;
    }
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
            std::stoul(port) > 65535) {
            return std::nullopt;
        }
        e.port = static_cast<std::uint16_t>(std::stoul(port));
    }
    return e;
}

model::PeerEndpoint endpoint(const YAML::Node& node, std::string_view what,
                             std::uint16_t default_port) {
    const auto e = parse_endpoint(text(node, what), default_port);
    if (!e) {
        fail(node, std::string(what) +
                       ": expected an IPv4 or IPv6 address, optionally with :port ([v6]:port)");
    }
    return *e;
}

// A peer's `lns:` list: each entry an address, or {address, preference} (RFC 2868 §3.8's
// Tunnel-Preference: lower first, 0 to 16777215, 0 when not given). One address twice would
// be one LNS dialled twice.
std::vector<LnsAddress> lns_list(const YAML::Node& node, bool with_address) {
    if (with_address) {
        fail(node, "lns: a peer has an address or an lns list, not both");
    }
    if (!node.IsSequence() || node.size() == 0) {
        fail(node, "lns: expected a list of LNS addresses, or of {address, preference}");
    }
    std::vector<LnsAddress> out;
    for (const auto& entry : node) {
        LnsAddress lns;
        if (entry.IsMap()) {
            check_keys(entry, "lns", {"address", "preference"});
            if (!entry["address"]) {
                fail(entry, "lns: expected an address");
            }
            lns.address = endpoint(entry["address"], "address", 1701);
            if (entry["preference"]) {
                lns.preference = static_cast<std::uint32_t>(
                    number(entry["preference"], "preference", 0, 0xffffff));
            }
        } else {
            lns.address = endpoint(entry, "lns", 1701);
        }
        if (std::ranges::any_of(out,
                                [&](const LnsAddress& l) { return l.address == lns.address; })) {
            fail(entry, "lns: " + lns.address.to_string() + " is already in the list");
        }
        out.push_back(lns);
    }
    return out;
}

// The addresses a peer is known by, to change together.
std::vector<model::PeerEndpoint*> endpoints_of(PeerConfig& peer) {
    std::vector<model::PeerEndpoint*> out;
    if (peer.address) {
        out.push_back(&*peer.address);
    }
    for (LnsAddress& l : peer.lns) {
        out.push_back(&l.address);
    }
    return out;
}

const std::vector<std::string> kProfileKeys = {"base",
                                               "version",
                                               "host_name",
                                               "secret",
                                               "secret_ref",
                                               "challenge",
                                               "hide_avps",
                                               "digest",
                                               "router_id",
                                               "pseudowires",
                                               "hello_interval",
                                               "tie_breaker",
                                               "retransmit_initial",
                                               "retransmit_cap",
                                               "retries",
                                               "window",
                                               "setup_timeout",
                                               "call_setup_timeout",
                                               "calls",
                                               "ppp",
                                               "pool"};

TunnelProfile profile(const YAML::Node& node, const std::string& name, const Secrets& secrets) {
    const std::string what = "profile '" + name + "'";
    check_keys(node, what, kProfileKeys);
    TunnelProfile p;
    if (node["base"]) {
        p = choice<TunnelProfile>(node["base"], "base",
                                  {{"cisco", model::cisco_lcce_profile({})},
                                   {"linux", model::linux_lcce_profile()},
                                   {"netbsd", model::netbsd_lcce_profile()}});
    }
    if (node["version"]) {
        p.version = choice<wire::ProtocolVersion>(
            node["version"], "version",
            {{"2", wire::ProtocolVersion::kV2}, {"3", wire::ProtocolVersion::kV3}});
    }
    if (node["host_name"]) {
        p.host_name = text(node["host_name"], "host_name");
        if (p.host_name.empty()) {
            fail(node["host_name"], "host_name: expected at least one character (RFC 2661 §4.4.3)");
        }
    }
    if (auto secret = secret_setting(node, secrets)) {
        p.secret = std::move(*secret);
    }
    if (node["challenge"])
        p.challenge = boolean(node["challenge"], "challenge");
    if (node["hide_avps"])
        p.hide_avps = boolean(node["hide_avps"], "hide_avps");
    if (node["digest"]) {
        using D = std::optional<wire::DigestType>;
        p.digest = choice<D>(node["digest"], "digest",
                             {{"none", D{}},
                              {"md5", D{wire::DigestType::kHmacMd5}},
                              {"sha1", D{wire::DigestType::kHmacSha1}}});
    }
    if (node["router_id"]) {
        const auto e = parse_endpoint(text(node["router_id"], "router_id"), 0);
        if (!e || e->family != model::PeerEndpoint::Family::kIpv4) {
            fail(node["router_id"], "router_id: expected an IPv4 address (RFC 3931 §5.4.3)");
        }
        p.router_id = (std::uint32_t{e->address[0]} << 24) | (std::uint32_t{e->address[1]} << 16) |
                      (std::uint32_t{e->address[2]} << 8) | e->address[3];
    }
    if (node["pseudowires"]) {
        const YAML::Node list = node["pseudowires"];
        if (!list.IsSequence() || list.size() == 0) {
            std::vector<std::string> names;
            for (const auto& [name, type] : pseudowire_types()) {
                names.push_back(name);
            }
            fail(list, "pseudowires: expected a list of " + join(names));
        }
        p.pseudowire_capabilities.clear();
        for (const auto& item : list) {
            p.pseudowire_capabilities.push_back(
                choice<std::uint16_t>(item, "pseudowires", pseudowire_types()));
        }
    }
    if (node["hello_interval"]) {
        p.hello_interval =
            seconds(node["hello_interval"], "hello_interval (0 turns hellos off)", 0, 86400);
    }
    if (node["tie_breaker"])
        p.tie_breaker = boolean(node["tie_breaker"], "tie_breaker");
    if (node["retransmit_initial"]) {
        p.channel.retransmit_initial =
            seconds(node["retransmit_initial"], "retransmit_initial", 0.1, 60);
    }
    if (node["retransmit_cap"]) {
        // RFC 2661 §5.8: the cap "MUST be no less than 8 seconds".
        p.channel.retransmit_cap = seconds(node["retransmit_cap"], "retransmit_cap", 8, 600);
    }
    if (node["retries"]) {
        p.channel.max_retransmissions =
            static_cast<unsigned>(number(node["retries"], "retries", 1, 100));
    }
    if (node["window"]) {
        p.channel.local_receive_window =
            static_cast<std::uint16_t>(number(node["window"], "window", 1, 1024));
    }
    if (node["setup_timeout"]) {
        p.setup_timeout = seconds(node["setup_timeout"], "setup_timeout", 1, 3600);
    }
    if (node["call_setup_timeout"]) {
        p.call_setup_timeout = seconds(node["call_setup_timeout"], "call_setup_timeout", 1, 3600);
    }
    if (const YAML::Node calls = node["calls"]) {
        check_keys(calls, what + " calls",
                   {"cookie_length", "l2_specific_sublayer", "data_sequencing"});
        if (calls["cookie_length"]) {
            p.accepted_calls.cookie_length = static_cast<std::uint8_t>(choice<int>(
                calls["cookie_length"], "cookie_length", {{"0", 0}, {"4", 4}, {"8", 8}}));
        }
        if (calls["l2_specific_sublayer"]) {
            p.accepted_calls.sublayer = choice<wire::L2SpecificSublayer>(
                calls["l2_specific_sublayer"], "l2_specific_sublayer",
                {{"none", wire::L2SpecificSublayer::kNone},
                 {"default", wire::L2SpecificSublayer::kDefault}});
        }
        if (calls["data_sequencing"]) {
            p.accepted_calls.data_sequencing = boolean(calls["data_sequencing"], "data_sequencing");
        }
    }
    // Cross-checks: options that cannot work together are refused, not quietly dropped.
    const bool v3 = p.version == wire::ProtocolVersion::kV3;
    if (p.digest && !v3) {
        fail(where(node, "digest"), "digest: the Message Digest is L2TPv3 only (set version: 3)");
    }
    if (!v3 && p.challenge && p.secret.empty()) {
        fail(where(node, "challenge"), "challenge: needs a secret (secret or secret_ref)");
    }
    if (v3 && p.accepted_calls.data_sequencing &&
        p.accepted_calls.sublayer == wire::L2SpecificSublayer::kNone) {
        fail(where(node["calls"], "data_sequencing"),
             "data_sequencing: needs l2_specific_sublayer: default (sequence numbers travel in it, "
             "RFC 3931 §5.4.4)");
    }
    if (p.hide_avps && p.secret.empty()) {
        fail(where(node, "hide_avps"), "hide_avps: needs a secret (secret or secret_ref)");
    }
    return p;
}

// An interface name the kernel takes as it is: 1 to 15 characters (IFNAMSIZ with its zero), no
// '/', ':' or blanks.
std::string interface_name(const YAML::Node& node) {
    std::string name = text(node, "interface");
    if (name.empty() || name.size() > 15 || name.find_first_of("/: \t") != std::string::npos) {
        fail(node,
             "interface: expected an interface name of 1 to 15 characters without '/', ':' or "
             "blanks");
    }
    return name;
}

// One entry of `pseudowires:` (docs/configuration.md "Pseudowires"), checked against the peers
// and the pseudowires before it.
PseudowireConfig pseudowire(const YAML::Node& node, const DaemonConfig& c) {
    check_keys(node, "pseudowire",
               {"name", "peer", "remote_end_id", "type", "interface", "mtu", "bridge",
                "cookie_length", "l2_specific_sublayer", "data_sequencing", "reorder_timeout"});
    const bool ppp = node["type"] && node["type"].IsScalar() && node["type"].Scalar() == "ppp";
    if (!node["name"] || !node["peer"] || (!ppp && !node["interface"])) {
        fail(node, "pseudowire: expected at least name, peer and interface");
    }
    for (const char* key : {"interface", "bridge", "mtu"}) {
        if (ppp && node[key]) {
            fail(node[key],
                 std::string(key) + ": a PPP pseudowire's interface is pppd's (see the ppp block)");
        }
    }
    PseudowireConfig pw;
    pw.name = text(node["name"], "name");
    pw.peer = text(node["peer"], "peer");
    const auto peer = std::find_if(c.peers.begin(), c.peers.end(),
                                   [&](const PeerConfig& p) { return p.name == pw.peer; });
    if (peer == c.peers.end()) {
        fail(node["peer"], "peer: no peer named '" + pw.peer + "' under peers");
    }
    if (c.profiles.at(peer->profile).version != wire::ProtocolVersion::kV3) {
        fail(node["peer"], "peer: pseudowires need a peer with an L2TPv3 profile");
    }
    model::SessionParams& p = pw.params;
    // The peer's profile gives the defaults (cookie, sublayer, sequencing: a `base`'s).
    const model::SessionParams& defaults = c.profiles.at(peer->profile).accepted_calls;
    p.cookie_length = defaults.cookie_length;
    p.sublayer = defaults.sublayer;
    p.data_sequencing = defaults.data_sequencing;
    // RFC 3931 §5.4.4: the Remote End ID names the circuit at the peer (Cisco: the VC ID).
    p.remote_end_id =
        node["remote_end_id"] ? text(node["remote_end_id"], "remote_end_id") : pw.name;
    p.pseudowire_type = model::kPwEthernet;
    if (node["type"]) {
        p.pseudowire_type = choice<std::uint16_t>(node["type"], "type", pseudowire_types());
    }
    // IFNAMSIZ is 16 with its terminating zero; a longer name would be cut into another's.
    if (!ppp) {
        p.link.interface_name = interface_name(node["interface"]);
    }
    if (node["mtu"]) {
        p.link.mtu = static_cast<std::uint16_t>(number(node["mtu"], "mtu", 68, 65535));
    }
    if (node["bridge"]) {
        p.link.bridge = text(node["bridge"], "bridge");
    }
    if (node["cookie_length"]) {
        p.cookie_length = static_cast<std::uint8_t>(
            choice<int>(node["cookie_length"], "cookie_length", {{"0", 0}, {"4", 4}, {"8", 8}}));
    }
    if (node["l2_specific_sublayer"]) {
        p.sublayer =
            choice<wire::L2SpecificSublayer>(node["l2_specific_sublayer"], "l2_specific_sublayer",
                                             {{"none", wire::L2SpecificSublayer::kNone},
                                              {"default", wire::L2SpecificSublayer::kDefault}});
    }
    if (node["data_sequencing"]) {
        p.data_sequencing = boolean(node["data_sequencing"], "data_sequencing");
    }
    if (node["reorder_timeout"]) {
        p.link.reorder_timeout_ms = static_cast<std::uint32_t>(
            number(node["reorder_timeout"], "reorder_timeout", 0, 60000));
    }
    if (p.data_sequencing && p.sublayer == wire::L2SpecificSublayer::kNone) {
        // RFC 3931 §5.4.4: sequence numbers travel in the L2-Specific Sublayer.
        fail(node["data_sequencing"],
             "data_sequencing: needs l2_specific_sublayer: default (sequence numbers travel in "
             "it, RFC 3931 §5.4.4)");
    }
    for (const PseudowireConfig& other : c.pseudowires) {
        if (other.name == pw.name) {
            fail(node["name"], "name: a pseudowire named '" + pw.name + "' is already defined");
        }
        if (!p.link.interface_name.empty() &&
            other.params.link.interface_name == p.link.interface_name) {
            fail(node["interface"], "interface: '" + p.link.interface_name +
                                        "' is already the interface of pseudowire '" + other.name +
                                        "'");
        }
        if (other.peer == pw.peer && other.params.remote_end_id == p.remote_end_id) {
            fail(node, "pseudowire '" + pw.name + "': remote_end_id '" + p.remote_end_id +
                           "' is already pseudowire '" + other.name + "' with this peer");
        }
    }
    return pw;
}

// A cookie as `ip l2tp` writes it (8 or 16 hex digits) or as NetBSD's l2tp(4) does (a length,
// 4 or 8, and a number, sent in network byte order).
std::vector<std::uint8_t> cookie(const YAML::Node& node, std::string_view what) {
    const std::string expected =
        std::string(what) + ": expected 8 or 16 hex digits, or [length, number] with length 4 or 8";
    std::vector<std::uint8_t> out;
    if (node.IsSequence()) {
        if (node.size() != 2) {
            fail(node, expected);
        }
        const auto length = number(node[0], what, 4, 8);
        if (length != 4 && length != 8) {
            fail(node[0], expected);
        }
        const std::uint64_t value =
            number(node[1], what, 0, length == 4 ? 0xffffffffULL : ~std::uint64_t{0});
        for (int i = static_cast<int>(length) - 1; i >= 0; --i) {
            out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
        return out;
    }
    const std::string hex = text(node, what);
    if ((hex.size() != 8 && hex.size() != 16) ||
        hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        fail(node, expected);
    }
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

// One entry of `static_tunnels:` (docs/configuration.md "Static tunnels"), checked against the
// entries before it and the pseudowires' interfaces.
StaticTunnelConfig static_tunnel(const YAML::Node& node, const DaemonConfig& c) {
    check_keys(node, "static tunnel",
               {"name", "profile", "local", "remote", "encapsulation", "local_port", "remote_port",
                "tunnel_id", "peer_tunnel_id", "udp_checksum", "udp6_zero_checksum_tx",
                "udp6_zero_checksum_rx", "sessions"});
    for (const char* key : {"name", "local", "remote", "tunnel_id", "peer_tunnel_id"}) {
        if (!node[key]) {
            fail(node, std::string("static tunnel: expected at least name, local, remote, "
                                   "tunnel_id and peer_tunnel_id"));
        }
    }
    StaticTunnelConfig t;
    t.name = text(node["name"], "name");
    // The defaults of the systems in the field (`ip l2tp` on Linux: default sublayer; NetBSD's
    // l2tp(4): IP encapsulation, no sublayer; Cisco: no sublayer).
    std::string profile = "linux";
    if (node["profile"]) {
        profile =
            choice<std::string>(node["profile"], "profile",
                                {{"linux", "linux"}, {"netbsd", "netbsd"}, {"cisco", "cisco"}});
    }
    const auto sublayer =
        profile == "linux" ? wire::L2SpecificSublayer::kDefault : wire::L2SpecificSublayer::kNone;
    bool ip = profile == "netbsd";
    if (node["encapsulation"]) {
        ip = choice<bool>(node["encapsulation"], "encapsulation", {{"udp", false}, {"ip", true}});
    }
    t.local = endpoint(node["local"], "local", 0);
    t.remote = endpoint(node["remote"], "remote", 0);
    if (t.local.family != t.remote.family) {
        fail(node["remote"], "remote: expected an address of the same family as local");
    }
    if (t.local.port != 0 || t.remote.port != 0) {
        fail(node["local"], "local, remote: give the UDP ports as local_port and remote_port");
    }
    const auto encapsulation = ip ? wire::Encapsulation::kIp : wire::Encapsulation::kUdp;
    t.local.encapsulation = t.remote.encapsulation = encapsulation;
    if (ip && (node["local_port"] || node["remote_port"])) {
        fail(node["local_port"] ? node["local_port"] : node["remote_port"],
             "local_port, remote_port: only with encapsulation: udp");
    }
    if (!ip) {
        t.local.port = static_cast<std::uint16_t>(
            node["local_port"] ? number(node["local_port"], "local_port", 1, 65535) : 1701);
        t.remote.port = static_cast<std::uint16_t>(
            node["remote_port"] ? number(node["remote_port"], "remote_port", 1, 65535) : 1701);
    }
    t.tunnel_id = static_cast<std::uint32_t>(number(node["tunnel_id"], "tunnel_id", 1, 0xffffffff));
    t.peer_tunnel_id =
        static_cast<std::uint32_t>(number(node["peer_tunnel_id"], "peer_tunnel_id", 1, 0xffffffff));
    const std::pair<const char*, bool StaticTunnelConfig::*> flags[] = {
        {"udp_checksum", &StaticTunnelConfig::udp_checksum},
        {"udp6_zero_checksum_tx", &StaticTunnelConfig::udp6_zero_checksum_tx},
        {"udp6_zero_checksum_rx", &StaticTunnelConfig::udp6_zero_checksum_rx},
    };
    for (const auto& [key, field] : flags) {
        if (node[key]) {
            t.*field = boolean(node[key], key);
        }
    }
    for (const StaticTunnelConfig& other : c.static_tunnels) {
        if (other.name == t.name) {
            fail(node["name"], "name: a static tunnel named '" + t.name + "' is already defined");
        }
        if (other.tunnel_id == t.tunnel_id) {
            fail(node["tunnel_id"], "tunnel_id: static tunnel '" + other.name + "' has it already");
        }
    }
    const YAML::Node sessions = node["sessions"];
    if (sessions && !sessions.IsSequence()) {
        fail(sessions, "sessions: expected a list of sessions");
    }
    for (const auto& s : sessions) {
        check_keys(
            s, "static session",
            {"session_id", "peer_session_id", "cookie", "peer_cookie", "l2_specific_sublayer",
             "data_sequencing", "interface", "mtu", "bridge", "vlan"});
        if (!s["session_id"] || !s["peer_session_id"] || !s["interface"]) {
            fail(s, "static session: expected at least session_id, peer_session_id and interface");
        }
        StaticSessionConfig session;
        session.session_id =
            static_cast<std::uint32_t>(number(s["session_id"], "session_id", 1, 0xffffffff));
        session.peer_session_id = static_cast<std::uint32_t>(
            number(s["peer_session_id"], "peer_session_id", 1, 0xffffffff));
        if (s["cookie"]) {
            session.cookie = cookie(s["cookie"], "cookie");
        }
        if (s["peer_cookie"]) {
            session.peer_cookie = cookie(s["peer_cookie"], "peer_cookie");
        }
        session.sublayer = sublayer;
        if (s["l2_specific_sublayer"]) {
            session.sublayer =
                choice<wire::L2SpecificSublayer>(s["l2_specific_sublayer"], "l2_specific_sublayer",
                                                 {{"none", wire::L2SpecificSublayer::kNone},
                                                  {"default", wire::L2SpecificSublayer::kDefault}});
        }
        if (s["data_sequencing"]) {
            session.data_sequencing = boolean(s["data_sequencing"], "data_sequencing");
            if (session.data_sequencing && session.sublayer == wire::L2SpecificSublayer::kNone) {
                fail(s["data_sequencing"],
                     "data_sequencing: needs l2_specific_sublayer: default (sequence numbers "
                     "travel in it, RFC 3931 §5.4.4)");
            }
        }
        session.link.interface_name = interface_name(s["interface"]);
        if (s["mtu"]) {
            session.link.mtu = static_cast<std::uint16_t>(number(s["mtu"], "mtu", 68, 65535));
        }
        if (s["bridge"]) {
            session.link.bridge = text(s["bridge"], "bridge");
        }
        if (s["vlan"]) {
            session.vlan = static_cast<std::uint16_t>(number(s["vlan"], "vlan", 1, 4094));
            if (session.link.interface_name.size() + 1 + std::to_string(session.vlan).size() > 15) {
                fail(s["vlan"], "vlan: the VLAN interface " + session.link.interface_name + "." +
                                    std::to_string(session.vlan) +
                                    " would be longer than 15 characters");
            }
        }
        auto clash = [&](const std::string& name) { return name == session.link.interface_name; };
        for (const PseudowireConfig& pw : c.pseudowires) {
            if (clash(pw.params.link.interface_name)) {
                fail(s["interface"], "interface: '" + session.link.interface_name +
                                         "' is already the interface of pseudowire '" + pw.name +
                                         "'");
            }
        }
        for (const StaticTunnelConfig& other : c.static_tunnels) {
            for (const StaticSessionConfig& o : other.sessions) {
                if (clash(o.link.interface_name)) {
                    fail(s["interface"], "interface: '" + session.link.interface_name +
                                             "' is already used by static tunnel '" + other.name +
                                             "'");
                }
            }
        }
        for (const StaticSessionConfig& o : t.sessions) {
            if (clash(o.link.interface_name) || o.session_id == session.session_id) {
                fail(s, "static session: its session_id or interface is already in tunnel '" +
                            t.name + "'");
            }
        }
        t.sessions.push_back(std::move(session));
    }
    return t;
}

// metrics: {listen: "ADDRESS:PORT", per_tunnel: false}
MetricsConfig metrics_block(const YAML::Node& node) {
    expect_map(node, "metrics");
    check_keys(node, "metrics", {"listen", "per_tunnel"});
    if (!node["listen"]) {
        fail(node, "metrics: expected listen: \"ADDRESS:PORT\" (e.g. \"127.0.0.1:9641\")");
    }
    MetricsConfig m;
    m.listen = endpoint(node["listen"], "metrics: listen", 0);
    if (m.listen.port == 0) {
        fail(node["listen"],
             "metrics: listen: expected a port (\"127.0.0.1:9641\", \"[::1]:9641\")");
    }
    if (node["per_tunnel"]) {
        m.per_tunnel = boolean(node["per_tunnel"], "metrics: per_tunnel");
    }
    return m;
}

DaemonConfig parse(const YAML::Node& root, const std::string& dir) {
    DaemonConfig c;
    c.listen = embedded_default_config().listen;
    if (root.IsNull()) {
        return c;
    }
    check_keys(root, "the configuration",
               {"listen",
                "ip_encapsulation",
                "dataplane",
                "control_socket",
                "max_half_open",
                "max_half_open_per_source",
                "max_tunnels",
                "max_sessions",
                "max_sessions_per_tunnel",
                "max_calls_setting_up",
                "max_calls_held",
                "udp_checksum",
                "udp6_zero_checksum_tx",
                "udp6_zero_checksum_rx",
                "tunnel_ports",
                "tunnel_port_range",
                "ipsec_marks",
                "secrets_file",
                "profiles",
                "accept",
                "peers",
                "pseudowires",
                "static_tunnels",
                "ppp",
                "pools",
                "radius",
                "metrics"});
    if (const YAML::Node listen = root["listen"]) {
        if (!listen.IsSequence() || listen.size() == 0) {
            fail(listen, "listen: expected a list of addresses (\"127.0.0.1:1701\", \"[::1]\")");
        }
        c.listen.clear();
        for (const auto& item : listen) {
            c.listen.push_back(endpoint(item, "listen", 1701));
        }
    }
    if (root["ip_encapsulation"]) {
        c.ip_encapsulation = boolean(root["ip_encapsulation"], "ip_encapsulation");
    }
    // `dataplane: null` reads as YAML's null, which is what it means here too: the null
    // dataplane, whether the word is quoted or not.
    if (root["dataplane"] && root["dataplane"].IsNull()) {
        c.dataplane = DataplaneKind::kNull;
    } else if (root["dataplane"]) {
        c.dataplane = choice<DataplaneKind>(root["dataplane"], "dataplane",
                                            {{"auto", DataplaneKind::kAuto},
                                             {"null", DataplaneKind::kNull},
                                             {"kernel", DataplaneKind::kKernel}});
    }
    const std::pair<const char*, bool DaemonConfig::*> checksums[] = {
        {"udp_checksum", &DaemonConfig::udp_checksum},
        {"udp6_zero_checksum_tx", &DaemonConfig::udp6_zero_checksum_tx},
        {"udp6_zero_checksum_rx", &DaemonConfig::udp6_zero_checksum_rx},
    };
    for (const auto& [key, field] : checksums) {
        if (root[key]) {
            c.*field = boolean(root[key], key);
        }
    }
    if (root["ipsec_marks"]) {
        c.ipsec_marks = boolean(root["ipsec_marks"], "ipsec_marks");
    }
    if (root["tunnel_ports"]) {
        c.per_tunnel_ports = choice<bool>(root["tunnel_ports"], "tunnel_ports",
                                          {{"shared", false}, {"per-tunnel", true}});
    }
    if (const YAML::Node range = root["tunnel_port_range"]) {
        if (!range.IsSequence() || range.size() != 2) {
            fail(range, "tunnel_port_range: expected [first, last]");
        }
        c.tunnel_port_first =
            static_cast<std::uint16_t>(number(range[0], "tunnel_port_range", 1024, 65535));
        c.tunnel_port_last =
            static_cast<std::uint16_t>(number(range[1], "tunnel_port_range", 1024, 65535));
        if (c.tunnel_port_last < c.tunnel_port_first) {
            fail(range, "tunnel_port_range: the last port is below the first");
        }
    }
    if (root["control_socket"]) {
        c.control_socket = text(root["control_socket"], "control_socket");
    }
    if (const YAML::Node metrics = root["metrics"]) {
        c.metrics = metrics_block(metrics);
    }
    // Bounds on what peers can make us hold (docs/configuration.md "Limits").
    const std::pair<const char*, std::size_t DaemonConfig::*> limits[] = {
        {"max_half_open", &DaemonConfig::max_half_open},
        {"max_half_open_per_source", &DaemonConfig::max_half_open_per_source},
        {"max_tunnels", &DaemonConfig::max_tunnels},
        {"max_sessions", &DaemonConfig::max_sessions},
        {"max_sessions_per_tunnel", &DaemonConfig::max_sessions_per_tunnel},
        {"max_calls_held", &DaemonConfig::max_calls_held},
    };
    for (const auto& [key, field] : limits) {
        if (root[key]) {
            c.*field = static_cast<std::size_t>(number(root[key], key, 1, 100000000));
        }
    }
    if (root["max_calls_setting_up"]) {
        c.max_calls_setting_up = static_cast<std::size_t>(
            number(root["max_calls_setting_up"], "max_calls_setting_up", 1, 100000000));
    }
    Secrets secrets;
    if (const YAML::Node file = root["secrets_file"]) {
        std::filesystem::path path = text(file, "secrets_file");
        if (path.is_relative()) {
            path = std::filesystem::path(dir) / path;
        }
        secrets = load_secrets(file, path.string());
    }
    if (const YAML::Node radius = root["radius"]) {
        c.radius = radius_block(radius, secrets);
        if (const YAML::Node dynamic_authorization = radius["dynamic_authorization"]) {
            c.dynamic_authorization = dynamic_authorization_block(dynamic_authorization, secrets);
        }
    }
    // `radius: true` in a ppp block needs the servers of the radius block.
    auto check_radius = [&c](const YAML::Node& ppp, const ppp::PppdOptions& o) {
        if (o.radius && !c.radius && ppp && ppp["radius"]) {
            fail(ppp["radius"], "radius: true needs a top-level radius block naming the servers");
        }
    };
    if (const YAML::Node ppp = root["ppp"]) {
        ppp_block(ppp, c.ppp, c.ppp_limits, dir);
        check_radius(ppp, c.ppp);
    }
    if (const YAML::Node pools = root["pools"]) {
        c.pools = pools_block(pools);
    }
    // A profile's or peer's pppd options: `base` with its `ppp` block and its `pool`.
    auto session_options = [&](const YAML::Node& node, const std::string& what,
                               const ppp::PppdOptions& base) {
        ppp::PppdOptions o =
            node["ppp"] ? ppp_options(node["ppp"], "ppp of " + what, base, dir) : base;
        check_radius(node["ppp"], o);
        if (node["pool"]) {
            o.pool = pool_name(node["pool"], c.pools);
        }
        return o;
    };
    if (const YAML::Node profiles = root["profiles"]) {
        expect_map(profiles, "profiles");
        for (const auto& entry : profiles) {
            const std::string name = entry.first.as<std::string>();
            c.profiles[name] = profile(entry.second, name, secrets);
            c.profiles[name].name = profile_key(name);
            if (entry.second["ppp"] || entry.second["pool"]) {
                c.ppp_by_profile[profile_key(name)] =
                    session_options(entry.second, "profile '" + name + "'", c.ppp);
            }
        }
    }
    auto named_profile = [&](const YAML::Node& node, std::string_view what,
                             std::optional<wire::ProtocolVersion> version) {
        const std::string name = text(node, what);
        const auto it = c.profiles.find(name);
        if (it == c.profiles.end()) {
            fail(node, std::string(what) + ": no profile named '" + name + "' under profiles");
        }
        if (version && it->second.version != *version) {
            fail(node, std::string(what) + ": profile '" + name + "' is for the other version");
        }
        return name;
    };
    if (const YAML::Node accept = root["accept"]) {
        check_keys(accept, "accept", {"l2tpv2", "l2tpv3"});
        if (accept["l2tpv2"]) {
            c.accept_v2 =
                named_profile(accept["l2tpv2"], "accept l2tpv2", wire::ProtocolVersion::kV2);
        }
        if (accept["l2tpv3"]) {
            c.accept_v3 =
                named_profile(accept["l2tpv3"], "accept l2tpv3", wire::ProtocolVersion::kV3);
        }
    }
    if (const YAML::Node peers = root["peers"]) {
        if (!peers.IsSequence()) {
            fail(peers, "peers: expected a list of peers");
        }
        std::set<std::string> names;
        for (const auto& node : peers) {
            check_keys(node, "peer",
                       {"name", "address", "lns", "set_aside", "encapsulation", "host_name",
                        "profile", "connect", "ppp", "pool"});
            PeerConfig peer;
            if (!node["name"] || !node["profile"]) {
                fail(node, "peer: expected at least name and profile");
            }
            peer.name = text(node["name"], "name");
            if (!names.insert(peer.name).second) {
                fail(node["name"], "name: a peer named '" + peer.name + "' is already defined");
            }
            peer.profile = named_profile(node["profile"], "profile", std::nullopt);
            if (node["address"]) {
                peer.address = endpoint(node["address"], "address", 1701);
            }
            if (const YAML::Node lns = node["lns"]) {
                peer.lns = lns_list(lns, node["address"].IsDefined());
            }
            if (const YAML::Node set_aside = node["set_aside"]) {
                if (peer.lns.empty()) {
                    fail(set_aside, "set_aside: only for a peer with an lns list");
                }
                peer.set_aside = seconds(set_aside, "set_aside", 1, 86400);
            }
            if (const YAML::Node encapsulation = node["encapsulation"]) {
                const std::string e = text(encapsulation, "encapsulation");
                if (e != "udp" && e != "ip") {
                    fail(encapsulation, "encapsulation: expected udp or ip");
                }
                if (e == "ip") {
                    // RFC 3931 §4.1.1: L2TPv3 only, and the peer must be known by address.
                    if (c.profiles.at(peer.profile).version != wire::ProtocolVersion::kV3) {
                        fail(encapsulation, "encapsulation: ip needs an L2TPv3 profile");
                    }
                    if (!peer.address && peer.lns.empty()) {
                        fail(encapsulation, "encapsulation: ip needs the peer's address");
                    }
                    if (!c.ip_encapsulation) {
                        fail(encapsulation, "encapsulation: ip needs ip_encapsulation: true");
                    }
                    for (model::PeerEndpoint* a : endpoints_of(peer)) {
                        a->encapsulation = wire::Encapsulation::kIp;
                        a->port = 0;
                    }
                }
            }
            if (node["host_name"]) {
                peer.host_name = text(node["host_name"], "host_name");
            }
            if (node["connect"]) {
                peer.connect = boolean(node["connect"], "connect");
            }
            if (peer.connect && !peer.address && peer.lns.empty()) {
                fail(node["connect"], "connect: needs the peer's address or an lns list");
            }
            if (!peer.lns.empty() && !peer.connect) {
                fail(node["lns"], "lns: a list of LNSs is for a peer we dial (connect: true)");
            }
            if (!peer.address && peer.lns.empty() && peer.host_name.empty()) {
                fail(node, "peer '" + peer.name +
                               "': expected an address or a host_name to know "
                               "it by");
            }
            c.ppp_by_profile[peer_key(peer.name)] = session_options(
                node, "peer '" + peer.name + "'", c.ppp_options(profile_key(peer.profile)));
            c.peers.push_back(std::move(peer));
        }
    }
    if (const YAML::Node pseudowires = root["pseudowires"]) {
        if (!pseudowires.IsSequence()) {
            fail(pseudowires, "pseudowires: expected a list of pseudowires");
        }
        for (const auto& node : pseudowires) {
            c.pseudowires.push_back(pseudowire(node, c));
        }
    }
    if (const YAML::Node statics = root["static_tunnels"]) {
        if (!statics.IsSequence()) {
            fail(statics, "static_tunnels: expected a list of static tunnels");
        }
        for (const auto& node : statics) {
            c.static_tunnels.push_back(static_tunnel(node, c));
        }
    }
    return c;
}

ConfigError error_at(const std::string& file, const YAML::Mark& mark, std::string message) {
    // yaml-cpp counts from 0 and uses -1 for "no position".
    return ConfigError{file, mark.line < 0 ? 0 : mark.line + 1,
                       mark.column < 0 ? 0 : mark.column + 1, std::move(message)};
}

}  // namespace

std::string ConfigError::to_string() const {
    if (line == 0) {
        return file + ": " + message;
    }
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

model::EngineConfig DaemonConfig::engine_config() const {
    model::EngineConfig e;
    e.max_half_open = max_half_open;
    e.max_half_open_per_source = max_half_open_per_source;
    e.max_tunnels = max_tunnels;
    e.max_sessions = max_sessions;
    e.max_sessions_per_tunnel = max_sessions_per_tunnel;
    e.max_calls_setting_up = max_calls_setting_up;
    e.max_calls_held = max_calls_held;
    if (accept_v2)
        e.accept_v2 = profiles.at(*accept_v2);
    if (accept_v3)
        e.accept_v3 = profiles.at(*accept_v3);
    for (std::optional<model::TunnelProfile>* fallback : {&e.accept_v2, &e.accept_v3}) {
        if (*fallback) {
            (*fallback)->accept_unconfigured_pseudowires = !kernel_datapath;
        }
    }
    for (const PeerConfig& peer : peers) {
        const auto addresses = peer.addresses();
        if (addresses.empty()) {
            e.peers.push_back(
                model::PeerProfile{std::nullopt, peer.host_name, tunnel_profile(peer)});
        }
        for (const model::PeerEndpoint& address : addresses) {
            e.peers.push_back(model::PeerProfile{address, peer.host_name, tunnel_profile(peer)});
        }
    }
    return e;
}

std::vector<model::PeerEndpoint> PeerConfig::addresses() const {
    std::vector<model::PeerEndpoint> out;
    if (address) {
        out.push_back(*address);
    }
    for (const LnsAddress& l : lns) {
        out.push_back(l.address);
    }
    return out;
}

model::TunnelProfile DaemonConfig::tunnel_profile(const PeerConfig& peer) const {
    model::TunnelProfile profile = profiles.at(peer.profile);
    profile.name = peer_key(peer.name);
    profile.configured_pseudowires = pseudowires_of(peer.name);
    profile.accept_unconfigured_pseudowires = !kernel_datapath;
    return profile;
}

const ppp::PppdOptions& DaemonConfig::ppp_options(std::string_view profile_name) const {
    const auto found = ppp_by_profile.find(profile_name);
    return found == ppp_by_profile.end() ? ppp : found->second;
}

std::vector<model::SessionParams> DaemonConfig::pseudowires_of(const std::string& peer) const {
    std::vector<model::SessionParams> out;
    for (const PseudowireConfig& pw : pseudowires) {
        if (pw.peer == peer) {
            out.push_back(pw.params);
        }
    }
    return out;
}

ConfigResult load_config_text(std::string_view text_in, const std::string& name,
                              const std::string& dir) {
    try {
        return parse(YAML::Load(std::string(text_in)), dir);
    } catch (const Fault& f) {
        return error_at(name, f.mark, f.message);
    } catch (const YAML::Exception& e) {
        return error_at(name, e.mark, e.msg);
    }
}

ConfigResult load_config_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return ConfigError{path, 0, 0, "cannot open the configuration file"};
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string dir = std::filesystem::path(path).parent_path().string();
    return load_config_text(buffer.str(), path, dir.empty() ? "." : dir);
}

DaemonConfig embedded_default_config() {
    DaemonConfig c;
    c.listen = {*parse_endpoint("127.0.0.1", 1701), *parse_endpoint("::1", 1701)};
    TunnelProfile v2;
    v2.version = wire::ProtocolVersion::kV2;
    TunnelProfile v3;
    v3.version = wire::ProtocolVersion::kV3;
    c.profiles = {{"lns-v2", v2}, {"lcce-v3", v3}};
    c.accept_v2 = "lns-v2";
    c.accept_v3 = "lcce-v3";
    return c;
}

}  // namespace l2tp::config
