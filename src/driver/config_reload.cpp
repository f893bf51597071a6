#include "driver/config_reload.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace l2tp::driver {

namespace {

const config::PeerConfig* find_peer(const config::DaemonConfig& c, const std::string& name) {
    const auto it = std::find_if(c.peers.begin(), c.peers.end(),
                                 [&](const config::PeerConfig& p) { return p.name == name; });
    return it == c.peers.end() ? nullptr : &*it;
}

// A peer is the same one when it is known by the same addresses and host name: a changed
// address is a different peer (the old tunnels go, new ones may come). A new preference or
// set_aside in an LNS list keeps the peer.
bool same_peer(const config::PeerConfig& a, const config::PeerConfig& b) {
    return a.addresses() == b.addresses() && a.host_name == b.host_name;
}

// The tunnels a configured peer owns: those the engine matches to it, at any of its addresses.
bool owns(const config::DaemonConfig& c, const config::PeerConfig& peer,
          const model::TunnelInfo& t) {
    const model::TunnelProfile profile = c.tunnel_profile(peer);
    auto matches = [&](const std::optional<model::PeerEndpoint>& address) {
        return model::PeerProfile{address, peer.host_name, profile}.matches(t.peer, t.version,
                                                                            t.peer_host_name);
    };
    const auto addresses = peer.addresses();
    return addresses.empty() ? matches(std::nullopt) : std::ranges::any_of(addresses, matches);
}

}  // namespace

ReloadOutcome apply_config(EngineDriver& driver, Supervisor& supervisor,
                           const config::DaemonConfig& running, const config::DaemonConfig& next) {
    ReloadOutcome out;
    if (next.listen != running.listen) {
        out.needs_restart.push_back("listen");
    }
    if (next.ip_encapsulation != running.ip_encapsulation) {
        out.needs_restart.push_back("ip_encapsulation");
    }
    if (next.dataplane != running.dataplane) {
        out.needs_restart.push_back("dataplane");
    }
    if (next.control_socket != running.control_socket) {
        out.needs_restart.push_back("control_socket");
    }
    // per_tunnel is read at each scrape; the endpoint itself is bound at start.
    if ((next.metrics ? std::optional(next.metrics->listen) : std::nullopt) !=
        (running.metrics ? std::optional(running.metrics->listen) : std::nullopt)) {
        out.needs_restart.push_back("metrics");
    }
    if (next.per_tunnel_ports != running.per_tunnel_ports ||
        next.tunnel_port_first != running.tunnel_port_first ||
        next.tunnel_port_last != running.tunnel_port_last) {
        out.needs_restart.push_back("tunnel_ports");
    }
    if (next.ipsec_marks != running.ipsec_marks) {
        out.needs_restart.push_back("ipsec_marks");
    }
    driver.reconfigure(next.engine_config());
    if (driver.ppp() != nullptr) {
        driver.ppp()->set_limits(next.ppp_limits);  // pppd's options are looked up at each start
        // Addresses held by live sessions' pppds stay theirs, even outside shrunk ranges.
        driver.ppp()->set_pools(next.pools);
    }

    for (const config::PeerConfig& old : running.peers) {
        const config::PeerConfig* kept = find_peer(next, old.name);
        if (kept != nullptr && same_peer(old, *kept)) {
            continue;
        }
        out.peers_removed.push_back(old.name);
        for (const model::TunnelInfo& t : driver.engine().tunnels()) {
            if (t.state != model::TunnelState::kClosing && owns(running, old, t)) {
                spdlog::info("tunnel {}: peer '{}' left the configuration", t.tunnel_id, old.name);
                out.tunnels_closed += driver.close_tunnel(t.tunnel_id) ? 1 : 0;
            }
        }
    }
    for (const config::PeerConfig& peer : next.peers) {
        const config::PeerConfig* was = find_peer(running, peer.name);
        if (was != nullptr && same_peer(*was, peer)) {
            continue;
        }
        out.peers_added.push_back(peer.name);
    }
    const model::Time now = model::Clock::now();
    supervisor.configure(next, now);
    out.tunnels_opened = supervisor.on_timer(now);
    return out;
}

}  // namespace l2tp::driver
