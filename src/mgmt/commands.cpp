#include "mgmt/commands.hpp"

#include "l2tp/model/pseudowire_type.hpp"
#include "l2tp/wire/printable.hpp"
#include "mgmt/stats_json.hpp"

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
void add_datapath(json& out, dataplane::Dataplane& dataplane, std::uint32_t tunnel,
                  std::uint32_t session) {
    if (const auto d = dataplane.session_datapath(tunnel, session)) {
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
    return {{"tunnel_id", t.tunnel_id},
            {"peer_tunnel_id", t.peer_tunnel_id},
            {"version", static_cast<int>(t.version)},
            {"state", model::tunnel_state_name(t.state)},
            {"peer", t.peer.to_string()},
            {"encapsulation", t.peer.encapsulation == wire::Encapsulation::kIp ? "ip" : "udp"},
            {"peer_host_name", wire::printable(t.peer_host_name)},
            {"sessions", t.sessions},
            {"queued_messages", t.queued_messages}};
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
        add_datapath(out, dataplane, *p.tunnel, *p.session);
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

json view(const model::SessionInfo& s, const driver::EngineDriver& driver) {
    dataplane::Dataplane& dataplane = driver.dataplane();
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
        }
    }
    add_datapath(out, dataplane, s.tunnel_id, s.session_id);
    return out;
}

// A static tunnel, listed with the managed ones (state "static", or "failed" with the error).
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

std::uint32_t id_field(const json& request, const char* name) {
    if (!request.contains(name) || !request[name].is_number_unsigned()) {
        throw std::invalid_argument(std::string("expected a numeric '") + name + "'");
    }
    return request[name].get<std::uint32_t>();
}

}  // namespace

json handle_request(const json& request, const Daemon& context) {
    driver::EngineDriver& driver = context.driver;
    const engine::Engine& engine = driver.engine();
    dataplane::Dataplane& dataplane = driver.dataplane();
    const config::DaemonConfig& config = context.config;
    const std::vector<dataplane::StaticTunnels::TunnelStatus> statics =
        context.statics != nullptr ? context.statics->status()
                                   : std::vector<dataplane::StaticTunnels::TunnelStatus>{};
    try {
        const std::string command = request.value("command", "");
        if (command == "show tunnels") {
            json tunnels = json::array();
            for (const auto& t : engine.tunnels()) {
                tunnels.push_back(view(t, dataplane));
            }
            for (const auto& t : statics) {
                tunnels.push_back(view(t));
            }
            return {{"ok", true}, {"tunnels", tunnels}};
        }
        if (command == "show tunnel") {
            const auto t = engine.tunnel(id_field(request, "tunnel"));
            if (!t) {
                return error("no such tunnel");
            }
            json sessions = json::array();
            for (const auto& s : engine.sessions(t->tunnel_id)) {
                sessions.push_back(view(s, driver));
            }
            return {{"ok", true}, {"tunnel", view(*t, dataplane)}, {"sessions", sessions}};
        }
        if (command == "show sessions") {
            json sessions = json::array();
            for (const auto& t : engine.tunnels()) {
                for (const auto& s : engine.sessions(t.tunnel_id)) {
                    sessions.push_back(view(s, driver));
                }
            }
            for (const auto& t : statics) {
                for (const auto& s : t.sessions) {
                    sessions.push_back(view(*t.config, s));
                }
            }
            return {{"ok", true}, {"sessions", sessions}};
        }
        if (command == "show session") {
            const std::uint32_t tunnel = id_field(request, "tunnel");
            const std::uint32_t session = id_field(request, "session");
            for (const auto& s : engine.sessions(tunnel)) {
                if (s.session_id == session) {
                    return {{"ok", true}, {"sessions", json::array({view(s, driver)})}};
                }
            }
            return error("no such session");
        }
        if (command == "reload") {
            return context.reload();
        }
        if (command == "stats") {
            // The kernel counts a tunnel's data packets on the tunnel too: the sum over
            // tunnels is everything.
            dataplane::DatapathCounters total;
            for (const auto& [id, c] : dataplane.installed_tunnel_counters()) {
                total += c;
            }
            for (const auto& t : statics) {
                if (t.counters) {
                    total += *t.counters;
                }
            }
            json stats = stats_json(engine.stats(), driver.ppp());
            stats["datapath"] = view(total);
            return {{"ok", true}, {"stats", stats}, {"dataplane", dataplane.name()}};
        }
        if (command == "show pseudowires") {
            json pseudowires = json::array();
            const model::Time now = model::Clock::now();
            for (const auto& p : context.supervisor.pseudowires()) {
                pseudowires.push_back(view(p, dataplane, now));
            }
            return {{"ok", true}, {"pseudowires", pseudowires}};
        }
        if (command == "tunnel add") {
            const std::string name = request.value("peer", "");
            for (const auto& peer : config.peers) {
                if (peer.name == name && peer.address) {
                    const auto id = driver.open_tunnel(*peer.address, config.tunnel_profile(peer));
                    return id ? json{{"ok", true}, {"tunnel_id", *id}}
                              : error("the tunnel limit is reached");
                }
            }
            return error("no peer named '" + name + "' with an address in the configuration");
        }
        if (command == "tunnel delete") {
            return driver.close_tunnel(id_field(request, "tunnel")) ? json{{"ok", true}}
                                                                    : error("no such tunnel");
        }
        if (command == "session add") {
            model::SessionParams params;
            params.direction = request.value("direction", "incoming") == "outgoing"
                                   ? model::CallDirection::kOutgoing
                                   : model::CallDirection::kIncoming;
            params.pseudowire_type =
                model::pseudowire_type_by_name(request.value("pseudowire", "ppp"))
                    .value_or(model::kPwPpp);
            params.remote_end_id = request.value("remote_end_id", "");
            params.called_number = request.value("called_number", "");
            params.calling_number = request.value("calling_number", "");
            const auto id = driver.place_call(id_field(request, "tunnel"), params);
            return id ? json{{"ok", true}, {"session_id", *id}}
                      : error("no established tunnel with that ID");
        }
        if (command == "session delete") {
            return driver.close_session(id_field(request, "tunnel"), id_field(request, "session"))
                       ? json{{"ok", true}}
                       : error("no such session");
        }
        return error("unknown command '" + command + "'");
    } catch (const std::exception& e) {
        return error(e.what());
    }
}

}  // namespace l2tp::mgmt
