#include "driver/supervisor.hpp"

#include <algorithm>

namespace l2tp::driver {

namespace {

bool same_peer(const config::PeerConfig& a, const config::PeerConfig& b) {
    return a.address == b.address && a.host_name == b.host_name && a.profile == b.profile &&
           a.connect == b.connect;
}

std::string failure_text(const model::RemoveSession& r) {
    std::string text = "result " + std::to_string(r.result_code) + ", error " +
                       std::to_string(r.error_code) + (r.by_peer ? " from the peer" : "");
    return r.message.empty() ? text : text + ": " + r.message;
}

}  // namespace

void Supervisor::retry_later(std::optional<model::Time>& retry_at, model::Duration& backoff,
                             model::Time up_since, model::Time now) {
    if (up_since != model::Time{} && now - up_since >= kStableAfter) {
        backoff = kFirstRetry;
    }
    retry_at = now + backoff;
    backoff = std::min(backoff * 2, kLongestRetry);
}

void Supervisor::configure(const config::DaemonConfig& config, model::Time now) {
    profiles_.clear();
    for (const config::PeerConfig& p : config.peers) {
        profiles_.emplace(p.name, config.tunnel_profile(p));
    }
    std::map<std::string, Peer, std::less<>> peers;
    for (const config::PeerConfig& p : config.peers) {
        const auto old = peers_.find(p.name);
        if (old != peers_.end() && same_peer(old->second.config, p)) {
            peers.emplace(p.name, std::move(old->second));
            continue;
        }
        Peer& peer = peers.emplace(p.name, Peer{p}).first->second;
        if (p.connect) {
            peer.retry_at = now;
        }
    }
    peers_ = std::move(peers);

    for (auto it = circuits_.begin(); it != circuits_.end();) {
        const auto kept = std::find_if(config.pseudowires.begin(), config.pseudowires.end(),
                                       [&](const config::PseudowireConfig& pw) {
                                           return pw.name == it->first &&
                                                  pw.peer == it->second.config.peer &&
                                                  pw.params == it->second.config.params;
                                       });
        if (kept != config.pseudowires.end() && peers_.contains(kept->peer)) {
            ++it;
            continue;
        }
        if (it->second.tunnel && it->second.session) {
            hooks_.hang_up(*it->second.tunnel, *it->second.session);
        }
        it = circuits_.erase(it);
    }
    for (const config::PseudowireConfig& pw : config.pseudowires) {
        if (circuits_.contains(pw.name)) {
            continue;
        }
        Circuit& c = circuits_.emplace(pw.name, Circuit{pw}).first->second;
        const Peer& peer = peers_.at(pw.peer);
        if (peer.up) {
            c.tunnel = peer.tunnel;
            if (peer.config.connect) {
                c.retry_at = now;
            }
        }
    }
}

bool Supervisor::dials(const Circuit& c) const {
    const auto peer = peers_.find(c.config.peer);
    return peer != peers_.end() && peer->second.config.connect;
}

Supervisor::Peer* Supervisor::owner_of(const model::InstallTunnel& t) {
    for (auto& [name, peer] : peers_) {
        if (peer.tunnel == t.tunnel_id) {
            return &peer;
        }
    }
    for (auto& [name, peer] : peers_) {
        const model::PeerProfile as_engine_sees_it{peer.config.address, peer.config.host_name,
                                                   profiles_.at(peer.config.name)};
        if (as_engine_sees_it.matches(t.peer, t.version, t.peer_host_name)) {
            return &peer;
        }
    }
    return nullptr;
}

void Supervisor::on_action(const model::Action& action, model::Time now) {
    if (const auto* t = std::get_if<model::InstallTunnel>(&action)) {
        tunnel_up(*t, now);
    } else if (const auto* r = std::get_if<model::RemoveTunnel>(&action)) {
        tunnel_down(*r, now);
    } else if (const auto* s = std::get_if<model::InstallSession>(&action)) {
        session_up(*s, now);
    } else if (const auto* rs = std::get_if<model::RemoveSession>(&action)) {
        session_down(*rs, now);
    }
}

void Supervisor::tunnel_up(const model::InstallTunnel& t, model::Time now) {
    Peer* peer = owner_of(t);
    if (peer == nullptr) {
        return;
    }
    peer->tunnel = t.tunnel_id;
    peer->up = true;
    peer->up_since = now;
    peer->retry_at.reset();
    for (auto& [name, c] : circuits_) {
        if (c.config.peer == peer->config.name && !c.session) {
            c.tunnel = t.tunnel_id;
            if (peer->config.connect) {
                c.retry_at = now;
            }
        }
    }
}

void Supervisor::tunnel_down(const model::RemoveTunnel& t, model::Time now) {
    for (auto& [name, peer] : peers_) {
        if (peer.tunnel != t.tunnel_id) {
            continue;
        }
        peer.tunnel.reset();
        peer.up = false;
        if (peer.config.connect) {
            retry_later(peer.retry_at, peer.backoff, peer.up_since, now);
        }
        peer.up_since = {};
    }
    for (auto& [name, c] : circuits_) {
        if (c.tunnel != t.tunnel_id) {
            continue;
        }
        c.session.reset();
        c.up = false;
        c.up_since = {};
        c.retry_at.reset();
        // The peer may have another tunnel up already (it restarted and dialled again while
        // this one was still held): the circuit goes there; otherwise it waits for one.
        const Peer& peer = peers_.at(c.config.peer);
        c.tunnel = peer.up ? peer.tunnel : std::nullopt;
        if (c.tunnel && peer.config.connect) {
            c.retry_at = now;
        }
    }
}

void Supervisor::session_up(const model::InstallSession& s, model::Time now) {
    for (auto& [name, c] : circuits_) {
        const bool ours = c.tunnel == s.tunnel_id && c.session == s.session_id;
        // A call the peer placed on a tunnel of its own: its Remote End ID names the circuit
        // (RFC 3931 §5.4.4).
        const bool theirs = !c.session && peers_.at(c.config.peer).tunnel == s.tunnel_id &&
                            c.config.params.remote_end_id == s.remote_end_id;
        if (ours || theirs) {
            c.tunnel = s.tunnel_id;
            c.session = s.session_id;
            c.up = true;
            c.up_since = now;
            c.retry_at.reset();
            return;
        }
    }
}

void Supervisor::session_down(const model::RemoveSession& s, model::Time now) {
    for (auto& [name, c] : circuits_) {
        if (c.tunnel != s.tunnel_id || c.session != s.session_id) {
            continue;
        }
        c.session.reset();
        c.up = false;
        c.last_failure = failure_text(s);
        const auto peer = peers_.find(c.config.peer);
        if (dials(c) && peer->second.up && peer->second.tunnel == c.tunnel) {
            retry_later(c.retry_at, c.backoff, c.up_since, now);
        }
        c.up_since = {};
        return;
    }
}

void Supervisor::stand_down() {
    standing_down_ = true;
}

std::size_t Supervisor::on_timer(model::Time now) {
    std::size_t dialled = 0;
    if (standing_down_) {
        return dialled;
    }
    for (auto& [name, peer] : peers_) {
        if (!peer.config.connect || peer.tunnel || !peer.retry_at || *peer.retry_at > now) {
            continue;
        }
        peer.retry_at.reset();
        peer.tunnel = hooks_.dial(*peer.config.address, profiles_.at(peer.config.name));
        if (peer.tunnel) {
            ++dialled;
        } else {
            retry_later(peer.retry_at, peer.backoff, {}, now);
        }
    }
    for (auto& [name, c] : circuits_) {
        if (!c.tunnel || c.session || !c.retry_at || *c.retry_at > now) {
            continue;
        }
        c.retry_at.reset();
        c.session = hooks_.place(*c.tunnel, c.config.params);
        if (!c.session) {
            c.last_failure = "could not place the call";
            retry_later(c.retry_at, c.backoff, {}, now);
        }
    }
    return dialled;
}

std::optional<model::Time> Supervisor::next_deadline() const {
    std::optional<model::Time> at;
    if (standing_down_) {
        return at;
    }
    auto earliest = [&](const std::optional<model::Time>& t) {
        if (t && (!at || *t < *at)) {
            at = t;
        }
    };
    for (const auto& [name, peer] : peers_) {
        earliest(peer.retry_at);
    }
    for (const auto& [name, c] : circuits_) {
        earliest(c.retry_at);
    }
    return at;
}

std::vector<Supervisor::PseudowireStatus> Supervisor::pseudowires() const {
    std::vector<PseudowireStatus> out;
    for (const auto& [name, c] : circuits_) {
        out.push_back(PseudowireStatus{&c.config, dials(c), c.tunnel, c.session, c.up,
                                       c.last_failure, c.retry_at});
    }
    return out;
}

Supervisor::Hooks hooks_for(EngineDriver& driver) {
    return Supervisor::Hooks{
        [&driver](const model::PeerEndpoint& to, const model::TunnelProfile& profile) {
            return driver.open_tunnel(to, profile);
        },
        [&driver](std::uint32_t tunnel, const model::SessionParams& params) {
            return driver.place_call(tunnel, params);
        },
        [&driver](std::uint32_t tunnel, std::uint32_t session) {
            driver.close_session(tunnel, session);
        }};
}

}  // namespace l2tp::driver
