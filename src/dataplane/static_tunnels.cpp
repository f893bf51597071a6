#include "dataplane/static_tunnels.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "dataplane/kernel_dataplane.hpp"
#include "dataplane/link_control.hpp"

namespace l2tp::dataplane {

namespace {

// The tunnel's own settings: two configurations with equal ones need no new tunnel.
dataplane::StaticTunnelConfig without_sessions(dataplane::StaticTunnelConfig c) {
    c.sessions.clear();
    return c;
}

}  // namespace

std::string_view state_name(StaticTunnels::State state) {
    switch (state) {
        case StaticTunnels::State::kInstalled:
            return "static";
        case StaticTunnels::State::kPending:
            return "pending";
        case StaticTunnels::State::kFailed:
            break;
    }
    return "failed";
}

StaticTunnels::StaticTunnels(dataplane::L2tpNetlink netlink, std::string state_file)
    : netlink_(std::move(netlink)),
      state_file_(std::move(state_file)),
      deletions_([this](std::uint32_t tunnel_id) { return deletion_done(tunnel_id); }) {}

Result<std::unique_ptr<StaticTunnels>> StaticTunnels::open(std::string state_file) {
    auto netlink = dataplane::L2tpNetlink::open(true);
    if (!netlink) {
        return netlink.error();
    }
    std::unique_ptr<StaticTunnels> out(
        new StaticTunnels(std::move(netlink).value(), std::move(state_file)));
    // What a dead instance made: ours to remove (the kernel keeps unmanaged tunnels).
    std::ifstream in(out->state_file_);
    for (std::uint32_t id = 0; in >> id;) {
        out->note_interfaces(id);
        if (out->netlink_.delete_tunnel(id)) {
            spdlog::info("static tunnel {}: left by the previous instance, removed", id);
            out->await_gone(id);
        }
    }
    out->save_state();
    return out;
}

void StaticTunnels::note_interfaces(std::uint32_t tunnel_id) {
    std::vector<std::string>& names = deleted_interfaces_[tunnel_id];
    names.clear();
    if (const auto sessions = netlink_.dump_sessions()) {
        for (const dataplane::SessionStatus& s : sessions.value()) {
            if (s.tunnel_id == tunnel_id && !s.ifname.empty()) {
                names.push_back(s.ifname);
            }
        }
    }
}

bool StaticTunnels::deletion_done(std::uint32_t tunnel_id) {
    if (!dataplane::is_not_found(netlink_.get_tunnel(tunnel_id))) {
        return false;
    }
    // Linux 6.12 releases the tunnel's ID before its sessions' work has unregistered their
    // interfaces: a session made again at once would find its interface name taken.
    const auto it = deleted_interfaces_.find(tunnel_id);
    if (it != deleted_interfaces_.end()) {
        if (std::any_of(it->second.begin(), it->second.end(), dataplane::interface_exists)) {
            return false;
        }
        deleted_interfaces_.erase(it);
    }
    return true;
}

void StaticTunnels::await_gone(std::uint32_t tunnel_id) {
    const model::Time give_up = model::Clock::now() + DeletionWait::kBound;
    while (!deletion_done(tunnel_id) && model::Clock::now() < give_up) {
        std::this_thread::sleep_for(DeletionWait::kPollInterval);
    }
}

void StaticTunnels::save_state() const {
    // Written whole and renamed into place: a crash never leaves half a list.
    const std::string temporary = state_file_ + ".new";
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const auto& [name, t] : tunnels_) {
            if (t.installed) {
                out << t.config.tunnel_id << "\n";
            }
        }
        if (!out) {
            spdlog::error(
                "cannot write {}: a restart after a crash may find static tunnels "
                "left behind",
                temporary);
            return;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, state_file_, ec);
}

void StaticTunnels::create(Tunnel& t) {
    const dataplane::StaticTunnelConfig& c = t.config;
    dataplane::TunnelSpec spec;
    spec.tunnel_id = c.tunnel_id;
    spec.peer_tunnel_id = c.peer_tunnel_id;
    spec.version = 3;
    spec.encap = c.remote.encapsulation == wire::Encapsulation::kIp ? dataplane::Encap::kIp
                                                                    : dataplane::Encap::kUdp;
    spec.local = dataplane::ip_address_of(c.local);
    spec.peer = dataplane::ip_address_of(c.remote);
    spec.udp_sport = c.local.port;
    spec.udp_dport = c.remote.port;
    spec.udp_checksum = c.udp_checksum;
    spec.udp6_zero_checksum_tx = c.udp6_zero_checksum_tx;
    spec.udp6_zero_checksum_rx = c.udp6_zero_checksum_rx;
    if (const auto created = netlink_.create_tunnel(spec); !created) {
        const Error& error = created.error();
        t.error = error.text;
        if (error.is(std::errc::file_exists)) {
            // Name the other one: a tunnel of this ID that is not ours.
            const auto other = netlink_.get_tunnel(c.tunnel_id);
            t.error = "tunnel ID " + std::to_string(c.tunnel_id) +
                      " is taken by a tunnel l2tpd did not make" +
                      (other ? " (peer " + other->peer.to_string() + ", peer tunnel " +
                                   std::to_string(other->peer_tunnel_id) + ")"
                             : std::string());
        } else if (error.is(std::errc::address_in_use)) {
            t.error = "local port " + std::to_string(c.local.port) + " on " +
                      spec.local.to_string() + " is taken (" + error.text + ")";
        }
        return;
    }
    t.installed = true;
    t.error.clear();
    for (Session& s : t.sessions) {
        create(t, s);
    }
}

void StaticTunnels::create(const Tunnel& t, Session& s) {
    const dataplane::StaticSessionConfig& c = s.config;
    dataplane::SessionSpec spec;
    spec.tunnel_id = t.config.tunnel_id;
    spec.session_id = c.session_id;
    spec.peer_session_id = c.peer_session_id;
    spec.pw_type = L2TP_PWTYPE_ETH;
    spec.cookie = c.cookie;
    spec.peer_cookie = c.peer_cookie;
    spec.l2spec_type = c.sublayer == wire::L2SpecificSublayer::kDefault
                           ? dataplane::L2SpecType::kDefault
                           : dataplane::L2SpecType::kNone;
    spec.send_seq = spec.recv_seq = c.data_sequencing;
    spec.reorder_timeout_ms = c.link.reorder_timeout_ms;
    spec.ifname = c.link.interface_name;
    const std::string& ifname = c.link.interface_name;
    if (const auto created = netlink_.create_session(spec); !created) {
        s.error = created.error().is(std::errc::file_exists) && dataplane::interface_exists(ifname)
                      ? "interface " + ifname + " is already in use"
                      : "session ID " + std::to_string(c.session_id) + ": " + created.error().text;
        return;
    }
    Result<void> done;
    int mtu = c.link.mtu;
    s.mtu_derivation.clear();
    if (mtu == 0) {
        const dataplane::EncapsulationOverhead overhead{
            t.config.remote.encapsulation == wire::Encapsulation::kUdp, c.cookie.size(),
            c.sublayer == wire::L2SpecificSublayer::kDefault};
        if (const auto derived =
                dataplane::derive_mtu(dataplane::ip_address_of(t.config.remote), overhead)) {
            mtu = derived->mtu;
            s.mtu_derivation = derived->how;
        }
    }
    if (mtu != 0) {
        done = dataplane::set_mtu(ifname, mtu);
    }
    if (done) {
        done = dataplane::set_up(ifname);
    }
    // The bridge's port: the VLAN interface where there is one (up once its lower one is),
    // else the session's.
    std::string port = ifname;
    if (done && c.vlan != 0) {
        if (auto vlan = dataplane::add_vlan(ifname, c.vlan)) {
            port = std::move(vlan).value();
            done = dataplane::set_up(port);
        } else {
            done = vlan.error();
        }
    }
    if (done && !c.link.bridge.empty()) {
        done = dataplane::add_to_bridge(c.link.bridge, port);
    }
    if (!done) {
        s.error = done.error().within("interface " + ifname).text;
        (void)netlink_.delete_session(spec.tunnel_id, spec.session_id);
        return;
    }
    s.installed = true;
    s.error.clear();
}

void StaticTunnels::remove(const Tunnel& t, Session& s) {
    if (s.installed) {
        (void)netlink_.delete_session(t.config.tunnel_id, s.config.session_id);
        s.installed = false;
    }
}

void StaticTunnels::remove(const std::string& name, Tunnel& t, model::Time now) {
    deletions_.cancel(name);
    if (t.installed) {
        // The kernel takes the sessions and their interfaces with the tunnel.
        note_interfaces(t.config.tunnel_id);
        (void)netlink_.delete_tunnel(t.config.tunnel_id);
        deletions_.deleted(t.config.tunnel_id, now);
        t.installed = false;
    }
}

void StaticTunnels::create_or_wait(const std::string& name, Tunnel& t, model::Time now) {
    if (deletions_.held(t.config.tunnel_id, now)) {
        spdlog::info("static tunnel '{}': pending until the kernel has deleted tunnel {}", name,
                     t.config.tunnel_id);
        t.error.clear();
        deletions_.wait(name, t.config.tunnel_id, now);
    } else {
        create(t);
    }
}

void StaticTunnels::report(const std::string& name, const Tunnel& t,
                           std::vector<std::string>& failures) {
    if (!t.error.empty()) {
        failures.push_back("static tunnel '" + name + "': " + t.error);
    }
    for (const Session& s : t.sessions) {
        if (!s.error.empty()) {
            failures.push_back("static tunnel '" + name + "' session " +
                               std::to_string(s.config.session_id) + ": " + s.error);
        }
    }
}

std::vector<std::string> StaticTunnels::apply(
    const std::vector<dataplane::StaticTunnelConfig>& wanted, model::Time now) {
    std::map<std::string, const dataplane::StaticTunnelConfig*> by_name;
    for (const auto& w : wanted) {
        by_name.emplace(w.name, &w);
    }
    // Gone, or changed in the tunnel's own settings: removed (then made again below).
    for (auto it = tunnels_.begin(); it != tunnels_.end();) {
        const auto w = by_name.find(it->first);
        if (w == by_name.end() || without_sessions(*w->second) != it->second.config) {
            remove(it->first, it->second, now);
            it = tunnels_.erase(it);
        } else {
            ++it;
        }
    }
    std::vector<std::string> failures;
    for (const auto& w : wanted) {
        auto [it, added] = tunnels_.try_emplace(w.name);
        Tunnel& t = it->second;
        if (added) {
            t.config = without_sessions(w);
            for (const auto& s : w.sessions) {
                t.sessions.push_back(Session{s});
            }
            create_or_wait(w.name, t, now);
        } else {
            // The same tunnel: its sessions that are gone or changed go, new ones come; the
            // others are not touched (a ping over them loses nothing).
            std::vector<Session> kept;
            for (Session& s : t.sessions) {
                const bool stays =
                    std::find(w.sessions.begin(), w.sessions.end(), s.config) != w.sessions.end();
                if (stays) {
                    kept.push_back(std::move(s));
                } else {
                    remove(t, s);
                }
            }
            t.sessions = std::move(kept);
            for (const auto& s : w.sessions) {
                const bool known = std::any_of(t.sessions.begin(), t.sessions.end(),
                                               [&](const Session& k) { return k.config == s; });
                if (!known) {
                    t.sessions.push_back(Session{s});
                    if (t.installed) {
                        create(t, t.sessions.back());
                    }
                }
            }
            if (!t.installed && !deletions_.waiting(w.name)) {
                create_or_wait(w.name, t, now);  // failed before (a clash): tried again
            }
        }
        report(w.name, t, failures);
    }
    save_state();
    return failures;
}

std::optional<model::Time> StaticTunnels::next_deadline() const {
    return deletions_.next_deadline();
}

std::vector<std::string> StaticTunnels::on_timer(model::Time now) {
    std::vector<std::string> failures;
    const std::vector<std::string> ready = deletions_.on_timer(now);
    for (const std::string& name : ready) {
        if (const auto it = tunnels_.find(name); it != tunnels_.end()) {
            create(it->second);
            report(name, it->second, failures);
        }
    }
    if (!ready.empty()) {
        save_state();
    }
    return failures;
}

void StaticTunnels::remove_all() {
    const model::Time now = model::Clock::now();
    for (auto& [name, t] : tunnels_) {
        remove(name, t, now);
    }
    // Those just deleted, and those an earlier reload deleted that the kernel may still hold:
    // the next instance finds every ID it did not make free (it knows only what it installed).
    for (const std::uint32_t id : deletions_.held_ids(now)) {
        await_gone(id);
    }
    tunnels_.clear();
    save_state();
}

std::vector<StaticTunnels::TunnelStatus> StaticTunnels::status() {
    std::vector<TunnelStatus> out;
    for (const auto& [name, t] : tunnels_) {
        const State pending_or_failed = deletions_.waiting(name) ? State::kPending : State::kFailed;
        TunnelStatus ts{&t.config,
                        t.installed ? State::kInstalled : pending_or_failed,
                        t.error,
                        std::nullopt,
                        {}};
        if (t.installed) {
            if (const auto k = netlink_.get_tunnel(t.config.tunnel_id)) {
                ts.counters = k->counters;
            }
        }
        for (const Session& s : t.sessions) {
            SessionStatus ss{&s.config, s.installed ? State::kInstalled : pending_or_failed,
                             s.error, std::nullopt};
            if (s.installed) {
                if (const auto k = netlink_.get_session(t.config.tunnel_id, s.config.session_id)) {
                    dataplane::SessionDatapath d{k->ifname, 0, k->counters, s.mtu_derivation};
                    d.mtu = dataplane::get_mtu(d.interface_name).value_or(0);
                    ss.datapath = d;
                }
            }
            ts.sessions.push_back(std::move(ss));
        }
        out.push_back(std::move(ts));
    }
    return out;
}

}  // namespace l2tp::dataplane
