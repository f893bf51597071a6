#include "mgmt/commands.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>

#include "l2tp/model/pseudowire_type.hpp"
#include "l2tp/wire/printable.hpp"
#include "mgmt/command_arguments.hpp"
#include "mgmt/stats_json.hpp"
#include "ppp/ipv6_prefix.hpp"

namespace l2tp::mgmt {

using nlohmann::json;

namespace {

json error(std::string message) {
    return {{"ok", false}, {"error", std::move(message)}};
}

json view(const dataplane::DatapathCounters& c) {
    return {{"tx_packets", c.tx_packets},
            {"tx_bytes", c.tx_bytes},
            {"tx_errors", c.tx_errors},
            {"rx_packets", c.rx_packets},
            {"rx_bytes", c.rx_bytes},
            {"rx_errors", c.rx_errors},
            {"rx_seq_discards", c.rx_seq_discards},
            {"rx_oos_packets", c.rx_oos_packets},
            {"rx_cookie_discards", c.rx_cookie_discards},
            {"rx_invalid", c.rx_invalid}};
}

// What the datapath has of a session, added to its view.
void add_datapath(json& out, const std::optional<dataplane::SessionDatapath>& d) {
    if (d) {
        // A PPP session's interface is pppd's (shown with it), not the datapath's.
        if (!d->interface_name.empty()) {
            out["interface"] = d->interface_name;
            out["mtu"] = d->mtu;
            out["mtu_derivation"] = d->mtu_derivation.empty() ? "configured" : d->mtu_derivation;
        }
        out["datapath"] = view(d->counters);
    }
}

}  // namespace

json view(const model::TunnelInfo& t) {
    const auto milliseconds = [](model::Duration d) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    return {{"tunnel_id", t.tunnel_id},
            {"peer_tunnel_id", t.peer_tunnel_id},
            {"version", static_cast<int>(t.version)},
            {"state", model::tunnel_state_name(t.state)},
            {"peer", t.peer.to_string()},
            {"encapsulation", t.peer.encapsulation == wire::Encapsulation::kIp ? "ip" : "udp"},
            {"peer_host_name", wire::printable(t.peer_host_name)},
            {"sessions", t.sessions},
            {"queued_messages", t.queued_messages},
            {"round_trip_ms", t.round_trip ? json(milliseconds(*t.round_trip)) : json()},
            {"retransmit_timeout_ms", milliseconds(t.retransmit_timeout)}};
}

json view(const driver::Supervisor::PseudowireStatus& p, dataplane::Dataplane& dataplane,
          model::Time now) {
    const config::PseudowireConfig& c = *p.config;
    const std::string state = p.up        ? "up"
                              : !p.tunnel ? "no tunnel"
                              : p.session ? "setting up"
                                          : "down";
    json out = {{"name", c.name},
                {"peer", c.peer},
                {"remote_end_id", wire::printable(c.params.remote_end_id)},
                {"type", model::pseudowire_type_name(c.params.pseudowire_type)},
                {"configured_interface", c.params.link.interface_name},
                {"we_place", p.we_place},
                {"state", state},
                {"tunnel_id", p.tunnel ? json(*p.tunnel) : json()},
                {"session_id", p.session ? json(*p.session) : json()},
                {"last_failure", wire::printable(p.last_failure)}};
    if (p.retry_at) {
        out["retry_in_ms"] =
            std::chrono::duration_cast<std::chrono::milliseconds>(*p.retry_at - now).count();
    }
    if (p.up) {
        add_datapath(out, dataplane.session_datapath(*p.tunnel, *p.session));
    }
    return out;
}

json view(const driver::Supervisor::CallStatus& call, model::Time now) {
    const std::string state = call.up ? "up" : call.session ? "setting up" : "waiting";
    json out = {{"call_id", call.id},
                {"peer", *call.peer},
                {"type", model::pseudowire_type_name(call.params->pseudowire_type)},
                {"called_number", wire::printable(call.params->called_number)},
                {"calling_number", wire::printable(call.params->calling_number)},
                {"state", state},
                {"tunnel_id", call.tunnel ? json(*call.tunnel) : json()},
                {"session_id", call.session ? json(*call.session) : json()},
                {"placed", call.placed},
                {"last_failure", wire::printable(call.last_failure)}};
    if (call.retry_at) {
        out["retry_in_ms"] =
            std::chrono::duration_cast<std::chrono::milliseconds>(*call.retry_at - now).count();
    }
    return out;
}

json view(const config::PeerConfig& peer, const driver::Supervisor::LnsStatus& lns,
          model::Time now) {
    const bool aside = lns.set_aside_until && now < *lns.set_aside_until;
    const std::string state = lns.up         ? "up"
                              : aside        ? "set aside"
                              : lns.tunnel   ? "dialling"
                              : lns.retry_at ? "waiting"
                              : peer.connect ? "standby"
                                             : "down";
    auto in_ms = [&](model::Time at) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(at - now).count();
    };
    json out = {{"peer", peer.name},
                {"address", lns.address ? json(lns.address->to_string()) : json()},
                {"preference", lns.preference},
                {"state", state},
                {"tunnel_id", lns.tunnel ? json(*lns.tunnel) : json()},
                {"sessions", lns.sessions},
                {"last_failure", wire::printable(lns.last_failure)}};
    if (lns.retry_at && !lns.tunnel) {
        out["retry_in_ms"] = in_ms(*lns.retry_at);
    }
    if (aside) {
        out["set_aside_ms"] = in_ms(*lns.set_aside_until);
    }
    return out;
}

namespace {

// RFC 2661 §4.4.5 Proxy Authen Type values.
std::string_view proxy_authen_type_name(std::uint16_t type) {
    switch (type) {
        case 1:
            return "textual";
        case 2:
            return "chap";
        case 3:
            return "pap";
        case 4:
            return "none";
        case 5:
            return "mschapv1";
        default:
            return "reserved";
    }
}

// What the LAC's ICCN said of the PPP it began; the response (a PAP password) only by length.
json view(const model::ProxyPpp& p) {
    json out = {{"initial_received_lcp_confreq", wire::to_hex(p.initial_received_confreq)},
                {"last_sent_lcp_confreq", wire::to_hex(p.last_sent_confreq)},
                {"last_received_lcp_confreq", wire::to_hex(p.last_received_confreq)},
                {"authen_name", wire::printable(p.authen_name)},
                {"authen_challenge", wire::to_hex(p.authen_challenge)},
                {"authen_response_length", p.authen_response_length}};
    if (p.authen_type) {
        out["authen_type"] = proxy_authen_type_name(*p.authen_type);
    }
    if (p.authen_id) {
        out["authen_id"] = *p.authen_id;
    }
    return out;
}

// `datapath`: what the datapath has of the session, if anything.
json view(const model::SessionInfo& s, const driver::EngineDriver& driver,
          const std::optional<dataplane::SessionDatapath>& datapath) {
    json out = {
        {"tunnel_id", s.tunnel_id},
        {"session_id", s.session_id},
        {"peer_session_id", s.peer_session_id},
        {"state", model::session_state_name(s.state)},
        {"direction", s.direction == model::CallDirection::kIncoming ? "incoming" : "outgoing"},
        {"initiator", s.initiator},
        {"pseudowire_type", s.pseudowire_type},
        {"pseudowire", model::pseudowire_type_name(s.pseudowire_type)},
        {"remote_end_id", wire::printable(s.remote_end_id)},
        // Named as `ip l2tp show session` names them: cookie is what we send (the peer's
        // Assigned Cookie), peer_cookie what we require (ours, RFC 3931 §5.4.4).
        {"cookie", wire::to_hex(s.peer_cookie)},
        {"peer_cookie", wire::to_hex(s.cookie)},
        {"l2_specific_sublayer",
         s.sublayer == wire::L2SpecificSublayer::kDefault ? "default" : "none"},
        {"data_sequencing", s.data_sequencing},
        {"calling_number", wire::printable(s.calling_number)},
        {"called_number", wire::printable(s.called_number)}};
    if (!s.proxy.empty()) {
        out["proxy"] = view(s.proxy);
    }
    if (driver.ppp() != nullptr) {
        if (const auto pppd = driver.ppp()->status({s.tunnel_id, s.session_id})) {
            out["ppp_state"] = ppp::pppd_state_name(pppd->state);
            out["pppd_pid"] = pppd->pid;
            out["interface"] = wire::printable(pppd->interface);
            if (pppd->addresses) {
                out["pool"] = wire::printable(pppd->addresses->pool);
                out["local_address"] = ppp::ipv4_text(pppd->addresses->local);
                out["remote_address"] = ppp::ipv4_text(pppd->addresses->remote);
            }
            // What RADIUS gave and l2tpd routed (docs/radius.md, "IPv6").
            if (pppd->framed_ipv6_prefix) {
                out["framed_ipv6_prefix"] = ppp::ipv6_prefix_text(*pppd->framed_ipv6_prefix);
            }
            if (pppd->delegated_ipv6_prefix) {
                out["delegated_ipv6_prefix"] = ppp::ipv6_prefix_text(*pppd->delegated_ipv6_prefix);
            }
        }
    }
    if (driver.accounting() != nullptr) {
        if (const auto accounted = driver.accounting()->view({s.tunnel_id, s.session_id})) {
            out["nas_port"] = accounted->nas_port;
            out["acct_session_id"] = accounted->acct_session_id;
            // Known once radius.so's Start came (docs/radius.md, "Accounting").
            if (accounted->started) {
                out["user_name"] = wire::printable(accounted->user_name);
            }
            if (accounted->framed_ip_address) {
                const auto& a = *accounted->framed_ip_address;
                out["framed_address"] = std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                                        std::to_string(a[2]) + "." + std::to_string(a[3]);
            }
        }
    }
    add_datapath(out, datapath);
    return out;
}

// Sessions' views with what the datapath has of them, read in one query.
json views(const std::vector<model::SessionInfo>& listed, const driver::EngineDriver& driver,
           const dataplane::SessionDatapaths& datapaths) {
    json out = json::array();
    for (const auto& s : listed) {
        const auto d = datapaths.find({s.tunnel_id, s.session_id});
        out.push_back(
            view(s, driver, d == datapaths.end() ? std::nullopt : std::optional(d->second)));
    }
    return out;
}

// A static tunnel, listed with the managed ones (state "static"; "pending" while the kernel still
// deletes an earlier tunnel of its ID; "failed" with the error).
json view(const dataplane::StaticTunnels::TunnelStatus& t) {
    const dataplane::StaticTunnelConfig& c = *t.config;
    json out = {
        {"name", c.name},
        {"static", true},
        {"tunnel_id", c.tunnel_id},
        {"peer_tunnel_id", c.peer_tunnel_id},
        {"version", 3},
        {"state", dataplane::state_name(t.state)},
        {"peer", c.remote.to_string()},
        {"encapsulation", c.remote.encapsulation == wire::Encapsulation::kIp ? "ip" : "udp"},
        {"sessions", t.sessions.size()},
        {"error", t.error}};
    if (t.counters) {
        out["datapath"] = view(*t.counters);
    }
    return out;
}

json view(const dataplane::StaticTunnelConfig& tunnel,
          const dataplane::StaticTunnels::SessionStatus& s) {
    const dataplane::StaticSessionConfig& c = *s.config;
    json out = {{"static", true},
                {"tunnel_id", tunnel.tunnel_id},
                {"session_id", c.session_id},
                {"peer_session_id", c.peer_session_id},
                {"state", dataplane::state_name(s.state)},
                {"pseudowire", model::pseudowire_type_name(model::kPwEthernet)},
                {"cookie", wire::to_hex(c.cookie)},
                {"peer_cookie", wire::to_hex(c.peer_cookie)},
                {"l2_specific_sublayer",
                 c.sublayer == wire::L2SpecificSublayer::kDefault ? "default" : "none"},
                {"data_sequencing", c.data_sequencing},
                {"interface", c.link.interface_name},
                {"error", s.error}};
    if (s.datapath) {
        out["interface"] = s.datapath->interface_name;
        out["mtu"] = s.datapath->mtu;
        out["mtu_derivation"] =
            s.datapath->mtu_derivation.empty() ? "configured" : s.datapath->mtu_derivation;
        out["datapath"] = view(s.datapath->counters);
    }
    return out;
}

json view(const model::TunnelInfo& t, dataplane::Dataplane& dataplane) {
    json out = mgmt::view(t);
    if (const auto counters = dataplane.tunnel_counters(t.tunnel_id)) {
        out["datapath"] = view(*counters);
    }
    return out;
}

// What a handler answers from.
struct Request {
    const Arguments& arguments;
    const CommandContext& context;
    // The kernel's state of the static tunnels and their sessions: read for the commands that
    // show it, empty for the others.
    const std::vector<dataplane::StaticTunnels::TunnelStatus>& statics;
};

// Whether a command shows the static tunnels: their state is read from the kernel (a netlink
// query per tunnel and session) before its handler runs.
enum class KernelState { kNotRead, kRead };

// One request l2tpctl can make.
struct Command {
    std::string name;
    std::vector<ArgumentSpec> arguments;
    KernelState kernel_state = KernelState::kNotRead;
    json (*handle)(const Request&);
};

json show_tunnels(const Request& r) {
    const driver::EngineDriver& driver = r.context.driver;
    json tunnels = json::array();
    for (const auto& t : driver.engine().tunnels()) {
        tunnels.push_back(view(t, driver.dataplane()));
    }
    for (const auto& t : r.statics) {
        tunnels.push_back(view(t));
    }
    return {{"ok", true}, {"tunnels", tunnels}};
}

json show_tunnel(const Request& r) {
    const driver::EngineDriver& driver = r.context.driver;
    const auto t = driver.engine().tunnel(r.arguments.id("tunnel"));
    if (!t) {
        return error("no such tunnel");
    }
    const json sessions = views(driver.engine().sessions(t->tunnel_id), driver,
                                driver.dataplane().installed_session_datapaths());
    return {{"ok", true}, {"tunnel", view(*t, driver.dataplane())}, {"sessions", sessions}};
}

json show_sessions(const Request& r) {
    const driver::EngineDriver& driver = r.context.driver;
    json sessions = json::array();
    const dataplane::SessionDatapaths datapaths = driver.dataplane().installed_session_datapaths();
    for (const auto& t : driver.engine().tunnels()) {
        for (auto& s : views(driver.engine().sessions(t.tunnel_id), driver, datapaths)) {
            sessions.push_back(std::move(s));
        }
    }
    for (const auto& t : r.statics) {
        for (const auto& s : t.sessions) {
            sessions.push_back(view(*t.config, s));
        }
    }
    return {{"ok", true}, {"sessions", sessions}};
}

json show_session(const Request& r) {
    const driver::EngineDriver& driver = r.context.driver;
    const std::uint32_t session = r.arguments.id("session");
    for (const auto& s : driver.engine().sessions(r.arguments.id("tunnel"))) {
        if (s.session_id == session) {
            const auto datapath = driver.dataplane().session_datapath(s.tunnel_id, s.session_id);
            return {{"ok", true}, {"sessions", json::array({view(s, driver, datapath)})}};
        }
    }
    return error("no such session");
}

json show_pseudowires(const Request& r) {
    json pseudowires = json::array();
    const model::Time now = model::Clock::now();
    for (const auto& p : r.context.supervisor.pseudowires()) {
        pseudowires.push_back(mgmt::view(p, r.context.driver.dataplane(), now));
    }
    return {{"ok", true}, {"pseudowires", pseudowires}};
}

// Every configured peer's addresses: the LNSs of its list, their state and load.
json show_peers(const Request& r) {
    json rows = json::array();
    const model::Time now = model::Clock::now();
    for (const auto& peer : r.context.supervisor.peers()) {
        for (const auto& lns : peer.lns) {
            rows.push_back(mgmt::view(*peer.config, lns, now));
        }
    }
    return {{"ok", true}, {"peers", rows}};
}

json show_calls(const Request& r) {
    json calls = json::array();
    const model::Time now = model::Clock::now();
    for (const auto& call : r.context.supervisor.calls()) {
        calls.push_back(mgmt::view(call, now));
    }
    return {{"ok", true}, {"calls", calls}};
}

// The address pools: configured ones, and dropped ones whose addresses are still held.
json show_pools(const Request& r) {
    json pools = json::array();
    if (const ppp::PppdSupervisor* ppp = r.context.driver.ppp()) {
        for (const auto& [name, pool] : ppp->pools().pools()) {
            pools.push_back({{"name", wire::printable(name)},
                             {"size", pool.size()},
                             {"in_use", pool.in_use()},
                             {"free", pool.free()},
                             {"exhausted", pool.exhausted()}});
        }
    }
    return {{"ok", true}, {"pools", pools}};
}

json reload(const Request& r) {
    return mgmt::view(r.context.reload());
}

json stats(const Request& r) {
    const driver::EngineDriver& driver = r.context.driver;
    dataplane::Dataplane& dataplane = driver.dataplane();
    // The kernel counts a tunnel's data packets on the tunnel too: the sum over tunnels is
    // everything.
    dataplane::DatapathCounters total;
    for (const auto& [id, c] : dataplane.installed_tunnel_counters()) {
        total += c;
    }
    for (const auto& t : r.statics) {
        if (t.counters) {
            total += *t.counters;
        }
    }
    json stats = stats_json(driver.engine().stats(), driver.ppp());
    stats["datapath"] = view(total);
    if (const driver::DynamicAuthorizationServer* das = driver.dynamic_authorization()) {
        stats["radius_dynamic_authorization"] = disconnect_json(das->counters());
    }
    return {{"ok", true}, {"stats", stats}, {"dataplane", dataplane.name()}};
}

json tunnel_add(const Request& r) {
    const config::DaemonConfig& config = r.context.config;
    const std::string name = r.arguments.text("peer");
    for (const auto& peer : config.peers) {
        if (peer.name != name) {
            continue;
        }
        // Its address, or the LNS of its list a call would go to.
        const auto to = r.context.supervisor.lns_to_dial(name, model::Clock::now());
        if (!to) {
            return error("peer '" + wire::printable(name) +
                         "' has no address, or every LNS of its list is set aside");
        }
        const auto id = r.context.driver.open_tunnel(*to, config.tunnel_profile(peer));
        return id ? json{{"ok", true}, {"tunnel_id", *id}} : error("the tunnel limit is reached");
    }
    return error("no peer named '" + wire::printable(name) + "' in the configuration");
}

json tunnel_delete(const Request& r) {
    return r.context.driver.close_tunnel(r.arguments.id("tunnel")) ? json{{"ok", true}}
                                                                   : error("no such tunnel");
}

// What `session add` and `call add` say of the call.
model::SessionParams session_params(const Arguments& a) {
    model::SessionParams params;
    params.direction = a.text("direction") == "outgoing" ? model::CallDirection::kOutgoing
                                                         : model::CallDirection::kIncoming;
    params.pseudowire_type =
        model::pseudowire_type_by_name(a.text("pseudowire")).value();  // a choice
    params.remote_end_id = a.text("remote_end_id");
    params.called_number = a.text("called_number");
    params.calling_number = a.text("calling_number");
    return params;
}

json session_add(const Request& r) {
    const auto id =
        r.context.driver.place_call(r.arguments.id("tunnel"), session_params(r.arguments));
    return id ? json{{"ok", true}, {"session_id", *id}}
              : error("no established tunnel with that ID");
}

// A call placed by peer: on the LNS of its list a pseudowire would go to, and again on
// another when that one fails (driver::Supervisor).
json call_add(const Request& r) {
    const std::string& name = r.arguments.text("peer");
    const auto& peers = r.context.config.peers;
    const auto peer = std::ranges::find(peers, name, &config::PeerConfig::name);
    if (peer == peers.end()) {
        return error("no peer named '" + wire::printable(name) + "' in the configuration");
    }
    if (!peer->connect) {
        return error("peer '" + wire::printable(name) + "' is not one l2tpd dials (connect: true)");
    }
    const auto id =
        r.context.supervisor.add_call(name, session_params(r.arguments), model::Clock::now());
    return id ? json{{"ok", true}, {"call_id", *id}}
              : error("the session limit (max_sessions) is reached");
}

json call_delete(const Request& r) {
    return r.context.supervisor.end_call(r.arguments.id("call")) ? json{{"ok", true}}
                                                                 : error("no such call");
}

json session_delete(const Request& r) {
    return r.context.driver.close_session(r.arguments.id("tunnel"), r.arguments.id("session"))
               ? json{{"ok", true}}
               : error("no such session");
}

json help(const Request&);

ArgumentSpec id(std::string name) {
    return {std::move(name), ArgumentSpec::Kind::kId, true, {}, {}};
}

ArgumentSpec text(std::string name, bool required = false) {
    return {std::move(name), ArgumentSpec::Kind::kText, required, {}, {}};
}

ArgumentSpec choice(std::string name, std::vector<std::string> choices, std::string fallback) {
    return {std::move(name), ArgumentSpec::Kind::kChoice, false, std::move(fallback),
            std::move(choices)};
}

// `session add` and `call add`: where the call goes, then what it is.
std::vector<ArgumentSpec> call_arguments(ArgumentSpec where) {
    return {std::move(where),
            choice("direction", {"incoming", "outgoing"}, "incoming"),
            choice("pseudowire", model::pseudowire_type_names(), "ppp"),
            text("remote_end_id"),
            text("called_number"),
            text("calling_number")};
}

// Every request, as l2tpctl makes them (src/ctl/daemon_commands.cpp).
const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"show tunnels", {}, KernelState::kRead, show_tunnels},
        {"show tunnel", {id("tunnel")}, KernelState::kNotRead, show_tunnel},
        {"show sessions", {}, KernelState::kRead, show_sessions},
        {"show session", {id("tunnel"), id("session")}, KernelState::kNotRead, show_session},
        {"show pseudowires", {}, KernelState::kNotRead, show_pseudowires},
        {"show peers", {}, KernelState::kNotRead, show_peers},
        {"show calls", {}, KernelState::kNotRead, show_calls},
        {"show pools", {}, KernelState::kNotRead, show_pools},
        {"reload", {}, KernelState::kNotRead, reload},
        {"stats", {}, KernelState::kRead, stats},
        {"tunnel add", {text("peer", true)}, KernelState::kNotRead, tunnel_add},
        {"tunnel delete", {id("tunnel")}, KernelState::kNotRead, tunnel_delete},
        {"session add", call_arguments(id("tunnel")), KernelState::kNotRead, session_add},
        {"session delete", {id("tunnel"), id("session")}, KernelState::kNotRead, session_delete},
        {"call add", call_arguments(text("peer", true)), KernelState::kNotRead, call_add},
        {"call delete", {id("call")}, KernelState::kNotRead, call_delete},
        {"help", {}, KernelState::kNotRead, help},
    };
    return table;
}

// The table as an answer: each command with its arguments and what they must be.
json help(const Request&) {
    json out = json::array();
    for (const Command& c : commands()) {
        json arguments = json::array();
        for (const ArgumentSpec& a : c.arguments) {
            json argument = {
                {"name", a.name}, {"required", a.required}, {"expected", a.expected()}};
            if (!a.required && !a.fallback.empty()) {
                argument["default"] = a.fallback;
            }
            arguments.push_back(std::move(argument));
        }
        out.push_back({{"command", c.name}, {"arguments", std::move(arguments)}});
    }
    return {{"ok", true}, {"commands", std::move(out)}};
}

std::string command_names() {
    std::string out;
    for (const Command& c : commands()) {
        out += (out.empty() ? "" : ", ") + c.name;
    }
    return out;
}

}  // namespace

json view(const driver::ReloadOutcome& outcome) {
    if (outcome.refused) {
        return error(*outcome.refused + " (nothing changed)");
    }
    return {{"ok", true},
            {"peers_added", outcome.peers_added},
            {"peers_removed", outcome.peers_removed},
            {"tunnels_closed", outcome.tunnels_closed},
            {"tunnels_opened", outcome.tunnels_opened},
            {"needs_restart", outcome.needs_restart},
            {"static_failures", outcome.static_failures}};
}

json handle_request(const json& request, const CommandContext& context) {
    try {
        const auto name = request.is_object() ? request.find("command") : request.end();
        if (!request.is_object() || name == request.end() || !name->is_string()) {
            return error("bad request: expected an object with a \"command\" (one of: " +
                         command_names() + ")");
        }
        const auto command =
            std::find_if(commands().begin(), commands().end(),
                         [&](const Command& c) { return c.name == name->get<std::string>(); });
        if (command == commands().end()) {
            return error("unknown command '" + wire::printable(name->get<std::string>()) +
                         "' (expected one of: " + command_names() + ")");
        }
        const Arguments arguments(request, command->name, command->arguments);
        const std::vector<dataplane::StaticTunnels::TunnelStatus> statics =
            command->kernel_state == KernelState::kRead
                ? context.static_tunnels()
                : std::vector<dataplane::StaticTunnels::TunnelStatus>{};
        return command->handle(Request{arguments, context, statics});
    } catch (const std::exception& e) {
        return error(e.what());
    }
}

}  // namespace l2tp::mgmt
