// Where negotiated tunnels and sessions go: the interface the engine's install and remove
// actions are carried out through (docs/architecture.md "Layers"). The kernel datapath and
// the null one implement it. A failed install says what failed (an Error naming the kernel
// call and its errno, result.hpp), so that the driver can log it and clear the tunnel or
// session with a Result Code that says so; an install that fails half-way has undone its own
// steps.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "dataplane/datapath_counters.hpp"
#include "dataplane/result.hpp"
#include "l2tp/model/action.hpp"

namespace l2tp::dataplane {

// What an installed session is in the datapath.
struct SessionDatapath {
    std::string interface_name;  // l2tpeth of an Ethernet pseudowire; empty otherwise
    int mtu = 0;                 // of that interface; 0 when there is none
    DatapathCounters counters;
    std::string mtu_derivation;  // how the MTU was worked out; empty when configured
};
// By tunnel ID and session ID.
using SessionDatapaths = std::map<std::pair<std::uint32_t, std::uint32_t>, SessionDatapath>;

// The tunnel's own socket, connect()ed to its peer, made when first called: a socket on the
// shared port costs a bind checked against every socket there and a place in the kernel's
// lookup of every datagram to the port, so a datapath asks only if it needs one. Nothing when
// none can be had.
using TunnelSocket = std::function<std::optional<int>()>;

class Dataplane {
  public:
    virtual ~Dataplane() = default;
    virtual std::string_view name() const = 0;
    virtual Result<void> install_tunnel(const model::InstallTunnel& tunnel,
                                        const TunnelSocket& socket) = 0;
    virtual void remove_tunnel(const model::RemoveTunnel& tunnel) = 0;
    virtual Result<void> install_session(const model::InstallSession& session) = 0;
    // The PPP channel pppd takes over for an installed PPP session: a descriptor the caller
    // owns, or -1 when this datapath carries no PPP (nothing to start).
    virtual Result<int> open_ppp_channel(const model::StartPpp& session) = 0;
    virtual void remove_session(const model::RemoveSession& session) = 0;
    // Nothing when the tunnel / session is not installed (or the datapath keeps no counters).
    virtual std::optional<DatapathCounters> tunnel_counters(std::uint32_t tunnel_id) = 0;
    // The counters of every installed tunnel, by tunnel ID, in one query: what a metrics
    // scrape reads, however many tunnels there are.
    virtual std::unordered_map<std::uint32_t, DatapathCounters> installed_tunnel_counters() = 0;
    // What the tunnels removed so far had counted when they went: added to the installed
    // tunnels' counters, totals that never go down (Prometheus counters).
    [[nodiscard]] virtual DatapathCounters removed_tunnels_counters() const = 0;
    virtual std::optional<SessionDatapath> session_datapath(std::uint32_t tunnel_id,
                                                            std::uint32_t session_id) = 0;
    // Every installed session's, in one query: what `show sessions` reads, however many
    // sessions there are.
    virtual SessionDatapaths installed_session_datapaths() = 0;
};

}  // namespace l2tp::dataplane
