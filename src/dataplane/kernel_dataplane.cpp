#include "dataplane/kernel_dataplane.hpp"

#include <sys/socket.h>

#include <cstring>

#include "dataplane/link_control.hpp"

namespace l2tp::dataplane {

namespace {

// The kernel has one sublayer setting for both directions.
Result<void> sublayer_check(const model::InstallSession& session) {
    if (session.version == wire::ProtocolVersion::kV3 &&
        session.peer_sublayer != session.sublayer) {
        return Error::refusal(
            "the peer requires another L2-Specific Sublayer than this side; the Linux datapath "
            "uses one for both directions");
    }
    return {};
}

// The socket's own address and port, as bytes.
std::string local_address_of(int socket) {
    sockaddr_storage address = {};
    socklen_t length = sizeof address;
    if (getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(&address), length);
}

// What the kernel says of a session, with its interface's MTU and how we derived it.
dataplane::SessionDatapath datapath_of(const SessionStatus& status,
                                       const std::string& mtu_derivation) {
    dataplane::SessionDatapath out{status.ifname, 0, status.counters, mtu_derivation};
    if (!out.interface_name.empty()) {
        out.mtu = get_mtu(out.interface_name).value_or(0);
    }
    return out;
}

}  // namespace

IpAddress ip_address_of(const model::PeerEndpoint& e) {
    IpAddress a;
    if (e.family == model::PeerEndpoint::Family::kIpv4) {
        a.family = AF_INET;
        std::memcpy(&a.v4, e.address.data(), 4);
    } else {
        a.family = AF_INET6;
        std::memcpy(&a.v6, e.address.data(), 16);
    }
    return a;
}

Result<std::unique_ptr<KernelDataplane>> KernelDataplane::open(UdpChecksumOptions checksums) {
    auto netlink = L2tpNetlink::open(true);
    if (!netlink) {
        return netlink.error();
    }
    return std::unique_ptr<KernelDataplane>(
        new KernelDataplane(std::move(netlink).value(), checksums));
}

// Before Linux 6.11 the kernel finds a UDP tunnel by the socket a datagram reached, and UDP
// hands every datagram of one four-tuple to one of its sockets: a second tunnel on the same
// four would never see its data. From 6.11 on ("l2tp: Support several sockets with same
// IP/port quadruple", then sessions found by their IDs alone) it finds the session by the IDs
// in the packet, which is what L2TP/IPsec clients behind one NAT (told apart by their marks)
// need. Tunnels with the same mark stay refused on every kernel: nothing tells them apart
// before IPsec.
std::optional<std::string> KernelDataplane::shared_four_tuple(const model::PeerEndpoint& peer,
                                                              const std::string& local) const {
    for (const auto& [id, other] : tunnels_) {
        if (!same_host(other.peer, peer) || other.peer.port != peer.port ||
            other.local_address != local) {
            continue;
        }
        if (other.peer.mark == peer.mark) {
            return "tunnel " + std::to_string(id) +
                   " already uses these addresses and ports, and the kernel cannot tell their "
                   "data apart (tunnel_ports: per-tunnel gives each tunnel a port of its own)";
        }
        if (!release_.at_least(6, 11)) {
            return "tunnel " + std::to_string(id) +
                   " already uses these addresses and ports (another client behind the same "
                   "NAT): this kernel (" +
                   release_.text +
                   ") cannot hold two tunnels from one NAT address and port; that needs Linux "
                   "6.11 or later";
        }
    }
    return std::nullopt;
}

Result<void> KernelDataplane::install_tunnel(const model::InstallTunnel& tunnel,
                                             const TunnelSocket& tunnel_socket) {
    const std::optional<int> own = tunnel_socket();
    if (!own) {
        return Error::refusal("the tunnel has no socket of its own to hand the kernel");
    }
    const int socket = *own;
    TunnelSpec spec;
    spec.tunnel_id = tunnel.tunnel_id;
    spec.peer_tunnel_id = tunnel.peer_tunnel_id;
    spec.version = static_cast<std::uint8_t>(tunnel.version);
    spec.fd = socket;
    if (tunnel.peer.encapsulation == wire::Encapsulation::kIp) {
        spec.encap = Encap::kIp;  // RFC 3931 §4.1.1.2: an IPPROTO_L2TP socket
    } else if (tunnel.peer.family == model::PeerEndpoint::Family::kIpv4) {
        spec.udp_checksum = checksums_.ipv4_checksum;
    } else {
        spec.udp6_zero_checksum_tx = checksums_.ipv6_zero_tx;
        spec.udp6_zero_checksum_rx = checksums_.ipv6_zero_rx;
    }
    const std::string local = local_address_of(socket);
    if (tunnel.peer.encapsulation == wire::Encapsulation::kUdp) {
        if (auto why = shared_four_tuple(tunnel.peer, local)) {
            return Error::refusal(*why);
        }
    }
    if (auto created = netlink_.create_tunnel(spec); !created) {
        return created;
    }
    tunnels_.emplace(tunnel.tunnel_id, InstalledTunnel{tunnel.peer, socket, local});
    return {};
}

void KernelDataplane::remove_tunnel(const model::RemoveTunnel& tunnel) {
    if (tunnels_.erase(tunnel.tunnel_id) == 0) {
        return;
    }
    // Its counters stay in the totals; the kernel takes the tunnel's sessions (and their
    // interfaces) with it; the socket stays ours and still carries the StopCCN exchange.
    if (const auto status = netlink_.get_tunnel(tunnel.tunnel_id)) {
        removed_counters_ += status->counters;
    }
    (void)netlink_.delete_tunnel(tunnel.tunnel_id);
    sessions_.erase(sessions_.lower_bound({tunnel.tunnel_id, 0}),
                    sessions_.upper_bound({tunnel.tunnel_id, UINT32_MAX}));
}

Result<void> KernelDataplane::install_session(const model::InstallSession& session) {
    const auto tunnel = tunnels_.find(session.tunnel_id);
    if (tunnel == tunnels_.end()) {
        return Error::refusal("its tunnel is not in the kernel");
    }
    if (session.pseudowire_type == model::kPwPpp) {
        return install_ppp_session(session);
    }
    SessionSpec spec;
    spec.tunnel_id = session.tunnel_id;
    spec.session_id = session.session_id;
    spec.peer_session_id = session.peer_session_id;
    // RFC 4719 §4: an Ethernet VLAN pseudowire carries the frames with their tag; the kernel
    // has one Ethernet session type for both (no L2TP_PWTYPE_ETH_VLAN module).
    spec.pw_type = L2TP_PWTYPE_ETH;
    // RFC 3931 §5.4.4: our Assigned Cookie is what we require on received data, the peer's
    // is what we send; the kernel's names are the other way round (l2tp_netlink.hpp).
    spec.cookie = session.peer_cookie;
    spec.peer_cookie = session.cookie;
    if (auto checked = sublayer_check(session); !checked) {
        return checked;
    }
    spec.l2spec_type = session.sublayer == wire::L2SpecificSublayer::kDefault ? L2SpecType::kDefault
                                                                              : L2SpecType::kNone;
    // RFC 3931 §5.4.4: each side says what it requires on the data it receives.
    spec.recv_seq = session.data_sequencing;
    spec.send_seq = session.peer_data_sequencing;
    spec.reorder_timeout_ms = session.link.reorder_timeout_ms;
    spec.ifname = session.link.interface_name;
    if (auto created = netlink_.create_session(spec); !created) {
        return spec.ifname.empty() ? created.error()
                                   : created.error().within("interface " + spec.ifname);
    }
    auto undo = [&](Error e) {
        (void)netlink_.delete_session(session.tunnel_id, session.session_id);
        return e;
    };
    const auto created = netlink_.get_session(session.tunnel_id, session.session_id);
    if (!created) {
        return undo(created.error());
    }
    const std::string& ifname = created->ifname;
    int mtu = session.link.mtu;
    std::string derivation;
    if (mtu == 0) {
        // What crosses the path unfragmented with what we send on it (the peer's cookie).
        const EncapsulationOverhead overhead{
            tunnel->second.peer.encapsulation == wire::Encapsulation::kUdp,
            session.peer_cookie.size(), session.sublayer == wire::L2SpecificSublayer::kDefault};
        if (const auto derived = derive_mtu(ip_address_of(tunnel->second.peer), overhead)) {
            mtu = derived->mtu;
            derivation = derived->how;
        }
    }
    if (mtu != 0) {
        if (auto sized = set_mtu(ifname, mtu); !sized) {
            return undo(sized.error().within("interface " + ifname));
        }
    }
    if (!session.link.bridge.empty()) {
        if (auto bridged = add_to_bridge(session.link.bridge, ifname); !bridged) {
            return undo(
                bridged.error().within("bridge " + session.link.bridge + ", interface " + ifname));
        }
    }
    if (auto up = set_up(ifname); !up) {
        return undo(up.error().within("interface " + ifname));
    }
    sessions_[{session.tunnel_id, session.session_id}] = derivation;
    return {};
}

// A PPP session is made first as a session of pseudowire type PPP, with the cookies, sublayer
// and sequencing an L2TPv3 call negotiated (the PPPoL2TP socket cannot say them), and later
// connected to the socket pppd takes over. pppd's PPP interface is its own business.
Result<void> KernelDataplane::install_ppp_session(const model::InstallSession& session) {
    SessionSpec spec;
    spec.tunnel_id = session.tunnel_id;
    spec.session_id = session.session_id;
    spec.peer_session_id = session.peer_session_id;
    spec.pw_type = L2TP_PWTYPE_PPP;
    if (session.version == wire::ProtocolVersion::kV3) {
        if (auto checked = sublayer_check(session); !checked) {
            return checked;
        }
        spec.cookie = session.peer_cookie;  // kernel names: l2tp_netlink.hpp
        spec.peer_cookie = session.cookie;
        spec.l2spec_type = session.sublayer == wire::L2SpecificSublayer::kDefault
                               ? L2SpecType::kDefault
                               : L2SpecType::kNone;
        spec.send_seq = session.peer_data_sequencing;
    }
    // RFC 2661 §5.4: in v2 the LAC's Sequencing Required asks both directions for it.
    spec.recv_seq = session.data_sequencing;
    spec.send_seq =
        spec.send_seq || (session.version == wire::ProtocolVersion::kV2 && session.data_sequencing);
    spec.reorder_timeout_ms = session.link.reorder_timeout_ms;
    if (auto created = netlink_.create_session(spec); !created) {
        return created;
    }
    sessions_[{session.tunnel_id, session.session_id}] = std::string();
    return {};
}

Result<int> KernelDataplane::open_ppp_channel(const model::StartPpp& session) {
    const auto tunnel = tunnels_.find(session.tunnel_id);
    if (tunnel == tunnels_.end() || !sessions_.contains({session.tunnel_id, session.session_id})) {
        return Error::refusal("the session is not in the kernel");
    }
    PppChannelSpec spec;
    spec.tunnel_socket = tunnel->second.socket;
    spec.ipv6 = tunnel->second.peer.family == model::PeerEndpoint::Family::kIpv6;
    spec.version = static_cast<std::uint8_t>(session.version);
    spec.tunnel_id = session.tunnel_id;
    spec.session_id = session.session_id;
    spec.peer_tunnel_id = session.peer_tunnel_id;
    spec.peer_session_id = session.peer_session_id;
    auto channel = open_pppol2tp_socket(spec);
    if (!channel) {
        return channel.error().within("PPPoL2TP socket");
    }
    return channel;
}

void KernelDataplane::remove_session(const model::RemoveSession& session) {
    if (sessions_.erase({session.tunnel_id, session.session_id}) == 0) {
        return;
    }
    (void)netlink_.delete_session(session.tunnel_id, session.session_id);
}

std::optional<dataplane::DatapathCounters> KernelDataplane::tunnel_counters(
    std::uint32_t tunnel_id) {
    if (!tunnels_.contains(tunnel_id)) {
        return std::nullopt;
    }
    const auto status = netlink_.get_tunnel(tunnel_id);
    return status ? std::optional(status->counters) : std::nullopt;
}

std::unordered_map<std::uint32_t, dataplane::DatapathCounters>
KernelDataplane::installed_tunnel_counters() {
    std::unordered_map<std::uint32_t, dataplane::DatapathCounters> out;
    const auto all = netlink_.dump_tunnels();
    if (!all) {
        return out;
    }
    // The kernel lists every L2TP tunnel of the namespace: another daemon's too.
    for (const TunnelStatus& t : all.value()) {
        if (tunnels_.contains(t.tunnel_id)) {
            out.emplace(t.tunnel_id, t.counters);
        }
    }
    return out;
}

std::optional<dataplane::SessionDatapath> KernelDataplane::session_datapath(
    std::uint32_t tunnel_id, std::uint32_t session_id) {
    const auto installed = sessions_.find({tunnel_id, session_id});
    if (installed == sessions_.end()) {
        return std::nullopt;
    }
    const auto status = netlink_.get_session(tunnel_id, session_id);
    if (!status) {
        return std::nullopt;
    }
    return datapath_of(status.value(), installed->second);
}

dataplane::SessionDatapaths KernelDataplane::installed_session_datapaths() {
    dataplane::SessionDatapaths out;
    const auto all = netlink_.dump_sessions();
    if (!all) {
        return out;
    }
    // The kernel lists every L2TP session of the namespace: another daemon's too.
    for (const SessionStatus& s : all.value()) {
        const auto installed = sessions_.find({s.tunnel_id, s.session_id});
        if (installed != sessions_.end()) {
            out.emplace(installed->first, datapath_of(s, installed->second));
        }
    }
    return out;
}

}  // namespace l2tp::dataplane
