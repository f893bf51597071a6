// The Linux L2TP datapath (docs/architecture.md "Kernel datapath"): a managed tunnel is the
// tunnel's own socket handed to the kernel (L2TP_CMD_TUNNEL_CREATE with L2TP_ATTR_FD), an
// Ethernet pseudowire an l2tpeth session with its cookies, sublayer and sequencing, named,
// sized and put in a bridge as configured. Every install that fails half-way undoes its own
// steps; what it installed it removes, and it never touches a tunnel or session it did not
// make (created by `ip l2tp` or another daemon).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "dataplane/dataplane.hpp"
#include "dataplane/kernel_release.hpp"
#include "dataplane/l2tp_netlink.hpp"
#include "dataplane/path_mtu.hpp"
#include "dataplane/pppol2tp_socket.hpp"

namespace l2tp::dataplane {

// UDP checksums of tunnel sockets (L2TP_ATTR_UDP_CSUM, L2TP_ATTR_UDP_ZERO_CSUM6_TX/RX).
struct UdpChecksumOptions {
    bool ipv4_checksum = false;  // IPv4: send checksums (the kernel's default is none)
    bool ipv6_zero_tx = false;   // IPv6: send zero checksums (RFC 6935)
    bool ipv6_zero_rx = false;   // IPv6: accept zero checksums
};

// An endpoint's address as the kernel layer takes it.
IpAddress ip_address_of(const model::PeerEndpoint& e);

class KernelDataplane final : public dataplane::Dataplane {
  public:
    // The kernel's `l2tp` generic netlink family (after trying to load l2tp_netlink).
    static Result<std::unique_ptr<KernelDataplane>> open(UdpChecksumOptions checksums);

    std::string_view name() const override { return "kernel"; }
    Result<void> install_tunnel(const model::InstallTunnel& tunnel,
                                const TunnelSocket& tunnel_socket) override;
    void remove_tunnel(const model::RemoveTunnel& tunnel) override;
    Result<void> install_session(const model::InstallSession& session) override;
    Result<int> open_ppp_channel(const model::StartPpp& session) override;
    void remove_session(const model::RemoveSession& session) override;
    std::optional<dataplane::DatapathCounters> tunnel_counters(std::uint32_t tunnel_id) override;
    std::unordered_map<std::uint32_t, dataplane::DatapathCounters> installed_tunnel_counters()
        override;
    dataplane::DatapathCounters removed_tunnels_counters() const override {
        return removed_counters_;
    }
    std::optional<dataplane::SessionDatapath> session_datapath(std::uint32_t tunnel_id,
                                                               std::uint32_t session_id) override;
    dataplane::SessionDatapaths installed_session_datapaths() override;

  private:
    Result<void> install_ppp_session(const model::InstallSession& session);

    KernelDataplane(L2tpNetlink netlink, UdpChecksumOptions checksums)
        : netlink_(std::move(netlink)), checksums_(checksums), release_(running_kernel_release()) {}
    // Another tunnel's socket on the same local and peer addresses and ports that the kernel
    // could not tell from this one's: why the tunnel is refused, or nothing.
    [[nodiscard]] std::optional<std::string> shared_four_tuple(const model::PeerEndpoint& peer,
                                                               const std::string& local) const;

    L2tpNetlink netlink_;
    UdpChecksumOptions checksums_;
    KernelRelease release_;
    struct InstalledTunnel {
        model::PeerEndpoint peer;
        int socket = -1;  // the tunnel's own (the transport's; it outlives the kernel tunnel)
        std::string local_address;  // the socket's sockaddr, as bytes
    };
    // What we installed: only these are ever removed.
    std::unordered_map<std::uint32_t, InstalledTunnel> tunnels_;
    dataplane::DatapathCounters removed_counters_;  // of the tunnels removed, when they went
    // -> how the interface's MTU was worked out (empty: configured)
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> sessions_;
};

}  // namespace l2tp::dataplane
