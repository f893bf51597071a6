#include "driver/supervisor.hpp"

#include <algorithm>

namespace l2tp::driver {

namespace {

// The same peer, whose tunnels stay: the same addresses (preferences may change), host
// name, profile and role.
bool same_peer(const config::PeerConfig& a, const config::PeerConfig& b) {
    return a.addresses() == b.addresses() && a.host_name == b.host_name && a.profile == b.profile &&
           a.connect == b.connect;
}

std::string failure_text(const model::RemoveSession& r) {
    std::string text = "result " + std::to_string(r.result_code) + ", error " +
                       std::to_string(r.error_code) + (r.by_peer ? " from the peer" : "");
    return r.message.empty() ? text : text + ": " + r.message;
}

// Why an LNS of a list is passed over when its tunnel goes: it failed, not we.
bool lns_failed(model::CloseReason reason) {
    switch (reason) {
        case model::CloseReason::kPeerStopCcn:
        case model::CloseReason::kProtocolError:
        case model::CloseReason::kNotAuthorized:
        case model::CloseReason::kPeerUnreachable:
        case model::CloseReason::kSetupTimeout:
            return true;
        case model::CloseReason::kLocalRequest:
        case model::CloseReason::kTieBreakerLost:  // its SCCRQ met ours (RFC 2661 §4.4.3)
        case model::CloseReason::kNoResources:
            return false;
    }
    return false;
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
    max_calls_ = config.max_sessions;
    profiles_.clear();
    for (const config::PeerConfig& p : config.peers) {
        profiles_.emplace(p.name, config.tunnel_profile(p));
    }
    std::map<std::string, Peer, std::less<>> peers;
    for (const config::PeerConfig& p : config.peers) {
        const auto old = peers_.find(p.name);
        if (old != peers_.end() && same_peer(old->second.config, p)) {
            Peer& kept = peers.emplace(p.name, std::move(old->second)).first->second;
            // A new preference or set_aside takes effect; the tunnels stay.
            kept.config = p;
            for (std::size_t i = 0; i < p.lns.size(); ++i) {
                kept.lns[i].preference = p.lns[i].preference;
            }
            continue;
        }
        Peer& peer = peers.emplace(p.name, Peer{p, {}}).first->second;
        if (p.lns.empty()) {
            peer.lns.push_back(Lns{p.address});
        }
        for (const config::LnsAddress& l : p.lns) {
            peer.lns.push_back(Lns{l.address, l.preference});
        }
        if (p.connect) {
            for (Lns& lns : peer.lns) {
                lns.retry_at = now;
            }
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
    // A call stays while l2tpd still dials its peer (its LNSs may have changed).
    for (auto it = calls_.begin(); it != calls_.end();) {
        const auto peer = peers_.find(it->second.config.peer);
        if (peer != peers_.end() && peer->second.config.connect) {
            ++it;
            continue;
        }
        if (it->second.tunnel && it->second.session) {
            hooks_.hang_up(*it->second.tunnel, *it->second.session);
        }
        it = calls_.erase(it);
    }
    for (const config::PseudowireConfig& pw : config.pseudowires) {
        if (circuits_.contains(pw.name)) {
            continue;
        }
        Circuit& c = circuits_.emplace(pw.name, Circuit{pw}).first->second;
        const Peer& peer = peers_.at(pw.peer);
        if (peer.config.connect) {
            c.retry_at = now;  // placed once an LNS of the peer is up
        } else if (peer.lns.front().up) {
            c.tunnel = peer.lns.front().tunnel;
        }
    }
}

bool Supervisor::dials(const Circuit& c) const {
    const auto peer = peers_.find(c.config.peer);
    return peer != peers_.end() && peer->second.config.connect;
}

std::pair<Supervisor::Peer*, Supervisor::Lns*> Supervisor::holder_of(std::uint32_t tunnel) {
    for (auto& [name, peer] : peers_) {
        for (Lns& lns : peer.lns) {
            if (lns.tunnel == tunnel) {
                return {&peer, &lns};
            }
        }
    }
    return {nullptr, nullptr};
}

std::pair<Supervisor::Peer*, Supervisor::Lns*> Supervisor::owner_of(const model::InstallTunnel& t) {
    if (const auto held = holder_of(t.tunnel_id); held.first != nullptr) {
        return held;
    }
    for (auto& [name, peer] : peers_) {
        for (Lns& lns : peer.lns) {
            const model::PeerProfile as_engine_sees_it{lns.address, peer.config.host_name,
                                                       profiles_.at(peer.config.name)};
            if (as_engine_sees_it.matches(t.peer, t.version, t.peer_host_name)) {
                return {&peer, &lns};
            }
        }
    }
    return {nullptr, nullptr};
}

bool Supervisor::aside(const Lns& lns, model::Time now) {
    return lns.set_aside_until && now < *lns.set_aside_until;
}

const Supervisor::Lns* Supervisor::choose(const Peer& peer, model::Time now, bool up_only) {
    const Lns* best = nullptr;
    for (const Lns& lns : peer.lns) {
        if ((up_only ? !lns.up : !lns.address) || aside(lns, now)) {
            continue;
        }
        if (best == nullptr || lns.preference < best->preference ||
            (lns.preference == best->preference && lns.sessions.size() < best->sessions.size())) {
            best = &lns;
        }
    }
    return best;
}

void Supervisor::set_aside(Peer& peer, Lns& lns, const std::string& why, model::Time now) {
    lns.last_failure = why;
    if (peer.config.lns.empty() || standing_down_) {
        return;  // one address: only the back-off
    }
    lns.set_aside_until = now + peer.config.set_aside;
    if (lns.retry_at && *lns.retry_at < *lns.set_aside_until) {
        lns.retry_at = lns.set_aside_until;
    }
    // The LNSs held back for a better preference may be the ones to dial now.
    for (Lns& other : peer.lns) {
        if (!other.tunnel && !other.retry_at) {
            other.retry_at = now;
        }
    }
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
    const auto [peer, lns] = owner_of(t);
    if (peer == nullptr) {
        return;
    }
    lns->tunnel = t.tunnel_id;
    lns->up = true;
    lns->up_since = now;
    lns->retry_at.reset();
    lns->sessions.clear();
    const Peer& owner = *peer;  // a lambda may not capture a structured binding (clang 14)
    each_circuit([&](Circuit& c) {
        if (c.config.peer != owner.config.name || c.session) {
            return;
        }
        if (owner.config.connect) {
            if (!c.retry_at || c.awaiting_lns) {
                c.retry_at = now;  // waiting for a tunnel: placed at the next wake-up
            }
        } else {
            c.tunnel = t.tunnel_id;
        }
    });
}

void Supervisor::tunnel_down(const model::RemoveTunnel& t, model::Time now) {
    const auto [peer, lns] = holder_of(t.tunnel_id);
    if (peer != nullptr) {
        lns->tunnel.reset();
        lns->up = false;
        lns->sessions.clear();
        if (peer->config.connect) {
            retry_later(lns->retry_at, lns->backoff, lns->up_since, now);
            if (lns_failed(t.reason)) {
                set_aside(*peer, *lns,
                          "tunnel closed: " + std::string(model::close_reason_name(t.reason)), now);
            }
        }
        lns->up_since = {};
    }
    each_circuit([&](Circuit& c) {
        if (c.tunnel != t.tunnel_id) {
            return;
        }
        c.session.reset();
        c.up = false;
        c.up_since = {};
        c.retry_at.reset();
        const Peer& owner = peers_.at(c.config.peer);
        if (owner.config.connect) {
            // Placed again on another LNS of the peer that is up, or once one is.
            c.tunnel.reset();
            c.retry_at = now;
        } else {
            // The peer may have another tunnel up already (it restarted and dialled again
            // while this one was still held): the circuit goes there; otherwise it waits.
            const Lns& only = owner.lns.front();
            c.tunnel = only.up ? only.tunnel : std::nullopt;
        }
    });
}

void Supervisor::session_up(const model::InstallSession& s, model::Time now) {
    if (const auto held = holder_of(s.tunnel_id); held.second != nullptr) {
        held.second->sessions.insert(s.session_id);
    }
    bool found = false;
    each_circuit([&](Circuit& c) {
        const bool ours = c.tunnel == s.tunnel_id && c.session == s.session_id;
        // A call the peer placed on a tunnel of its own: its Remote End ID names the circuit
        // (RFC 3931 §5.4.4).
        const bool theirs = !c.session && !dials(c) &&
                            peers_.at(c.config.peer).lns.front().tunnel == s.tunnel_id &&
                            c.config.params.remote_end_id == s.remote_end_id;
        if (found || !(ours || theirs)) {
            return;
        }
        found = true;
        c.tunnel = s.tunnel_id;
        c.session = s.session_id;
        c.up = true;
        c.up_since = now;
        c.retry_at.reset();
    });
}

void Supervisor::session_down(const model::RemoveSession& s, model::Time now) {
    const auto [peer, lns] = holder_of(s.tunnel_id);
    if (lns != nullptr) {
        lns->sessions.erase(s.session_id);
        // RFC 2661 §4.4.2 and RFC 3931 §4.4.2, CDN Result 4: no appropriate facilities
        // available (a temporary condition): this LNS takes no more calls for a while.
        if (s.by_peer && s.result_code == 4) {
            set_aside(*peer, *lns, "call refused: CDN result 4", now);
        }
    }
    each_circuit([&](Circuit& c) {
        if (c.tunnel != s.tunnel_id || c.session != s.session_id) {
            return;
        }
        c.session.reset();
        c.up = false;
        c.last_failure = failure_text(s);
        if (dials(c)) {
            c.tunnel.reset();
            retry_later(c.retry_at, c.backoff, c.up_since, now);
        }
        c.up_since = {};
    });
}

void Supervisor::stand_down() {
    standing_down_ = true;
}

std::size_t Supervisor::calls_in_flight() const {
    std::size_t in_flight = 0;
    each_circuit([&](const Circuit& c) { in_flight += c.session && !c.up ? 1 : 0; });
    return in_flight;
}

std::optional<model::Time> Supervisor::spread_wait(const Peer& peer, const Lns& chosen,
                                                   model::Time now) {
    std::optional<model::Time> until;
    for (const Lns& lns : peer.lns) {
        const model::Time end = lns.dialled_at + kSpreadWait;
        if (lns.tunnel && !lns.up && lns.preference <= chosen.preference && now < end &&
            (!until || end < *until)) {
            until = end;
        }
    }
    return until;
}

// Dials the peer's addresses that are due. A list's LNSs are dialled only at the lowest
// preference not set aside; the others wait (no wake-up) until an LNS is set aside.
void Supervisor::dial_due(Peer& peer, model::Time now, std::size_t& dialled) {
    std::optional<std::uint32_t> level;
    for (const Lns& lns : peer.lns) {
        if (!aside(lns, now) && (!level || lns.preference < *level)) {
            level = lns.preference;
        }
    }
    for (Lns& lns : peer.lns) {
        if (lns.tunnel || !lns.retry_at || *lns.retry_at > now || !lns.address) {
            continue;
        }
        if (aside(lns, now)) {
            lns.retry_at = lns.set_aside_until;
            continue;
        }
        if (lns.preference != level) {
            lns.retry_at.reset();  // held back for a better preference
            continue;
        }
        lns.retry_at.reset();
        lns.tunnel = hooks_.dial(*lns.address, profiles_.at(peer.config.name));
        lns.dialled_at = now;
        if (lns.tunnel) {
            ++dialled;
        } else {
            retry_later(lns.retry_at, lns.backoff, {}, now);
        }
    }
}

void Supervisor::place_due(Circuit& c, model::Time now, std::size_t& in_flight) {
    if (c.session || !c.retry_at || *c.retry_at > now || in_flight >= kMaxCallsInFlight) {
        return;
    }
    if (!dials(c)) {
        c.retry_at.reset();
        return;
    }
    const Peer& peer = peers_.at(c.config.peer);
    const Lns* lns = choose(peer, now, true);
    if (lns == nullptr) {
        // Placed when an LNS of the peer comes up, or when one that is up and set aside
        // (it refused a call) may take calls again.
        c.retry_at.reset();
        for (const Lns& aside_up : peer.lns) {
            if (aside_up.up && aside(aside_up, now) &&
                (!c.retry_at || *aside_up.set_aside_until < *c.retry_at)) {
                c.retry_at = aside_up.set_aside_until;
            }
        }
        return;
    }
    if (const auto wait = spread_wait(peer, *lns, now)) {
        c.retry_at = wait;
        c.awaiting_lns = true;
        return;
    }
    c.retry_at.reset();
    c.awaiting_lns = false;
    c.tunnel = lns->tunnel;
    c.session = hooks_.place(*c.tunnel, c.config.params);
    if (c.session) {
        ++in_flight;
        ++c.placed;
        // Carried from now on, so that the next call of this pass goes to another LNS.
        holder_of(*c.tunnel).second->sessions.insert(*c.session);
    } else {
        c.last_failure = "could not place the call";
        c.tunnel.reset();
        retry_later(c.retry_at, c.backoff, {}, now);
    }
}

std::size_t Supervisor::on_timer(model::Time now) {
    std::size_t dialled = 0;
    if (standing_down_) {
        return dialled;
    }
    for (auto& [name, peer] : peers_) {
        if (peer.config.connect) {
            dial_due(peer, now, dialled);
        }
    }
    std::size_t in_flight = calls_in_flight();
    each_circuit([&](Circuit& c) { place_due(c, now, in_flight); });
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
        for (const Lns& lns : peer.lns) {
            if (!lns.tunnel) {
                earliest(lns.retry_at);
            }
        }
    }
    // Calls waiting for room among those in flight are woken by the next session event.
    if (calls_in_flight() < kMaxCallsInFlight) {
        each_circuit([&](const Circuit& c) { earliest(c.retry_at); });
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

std::optional<std::uint32_t> Supervisor::add_call(std::string_view peer,
                                                  const model::SessionParams& params,
                                                  model::Time now) {
    const auto found = peers_.find(peer);
    if (found == peers_.end() || !found->second.config.connect || calls_.size() >= max_calls_) {
        return std::nullopt;
    }
    const std::uint32_t id = ++last_call_;
    Circuit& c = calls_.emplace(id, Circuit{{"", std::string(peer), params}}).first->second;
    c.retry_at = now;
    return id;
}

bool Supervisor::end_call(std::uint32_t id) {
    const auto found = calls_.find(id);
    if (found == calls_.end()) {
        return false;
    }
    if (found->second.tunnel && found->second.session) {
        hooks_.hang_up(*found->second.tunnel, *found->second.session);
    }
    calls_.erase(id);  // the hang-up's RemoveSession may have erased it already
    return true;
}

std::vector<Supervisor::CallStatus> Supervisor::calls() const {
    std::vector<CallStatus> out;
    for (const auto& [id, c] : calls_) {
        out.push_back(CallStatus{id, &c.config.peer, &c.config.params, c.tunnel, c.session, c.up,
                                 c.placed, c.last_failure, c.retry_at});
    }
    return out;
}

std::vector<Supervisor::PeerStatus> Supervisor::peers() const {
    std::vector<PeerStatus> out;
    for (const auto& [name, peer] : peers_) {
        PeerStatus status{&peer.config, {}};
        for (const Lns& lns : peer.lns) {
            status.lns.push_back(LnsStatus{lns.address, lns.preference, lns.tunnel, lns.up,
                                           lns.sessions.size(), lns.retry_at, lns.set_aside_until,
                                           lns.last_failure});
        }
        out.push_back(std::move(status));
    }
    return out;
}

std::optional<model::PeerEndpoint> Supervisor::lns_to_dial(std::string_view name,
                                                           model::Time now) const {
    const auto found = peers_.find(name);
    if (found == peers_.end()) {
        return std::nullopt;
    }
    const Lns* best = choose(found->second, now, false);
    return best == nullptr ? std::nullopt : best->address;
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
