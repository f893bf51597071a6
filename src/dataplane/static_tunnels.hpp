// Static (unmanaged) L2TPv3 tunnels from the configuration, held in the kernel (docs/datapath.md
// "Static tunnels"): no control connection and no hello, as `ip l2tp` makes them; the kernel
// opens each tunnel's socket from its addresses and ports. Created at start, changed by a
// reload without touching the others, removed at shutdown. The kernel does not remove them
// when l2tpd dies (no socket of ours carries them), so the IDs of the tunnels made are kept in a
// state file under the runtime directory, and the next instance removes them before it makes
// its own. A tunnel or session that cannot be made (its ID or interface name is taken) is
// reported, naming the clash, and the rest still come up.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "dataplane/dataplane.hpp"
#include "dataplane/l2tp_netlink.hpp"
#include "dataplane/static_tunnel_config.hpp"

namespace l2tp::dataplane {

class StaticTunnels {
  public:
    // Opens a netlink socket of its own and removes what the state file says a dead instance
    // left; nothing (with `error`) when the kernel has no L2TP.
    static std::unique_ptr<StaticTunnels> open(std::string state_file, std::error_code& error);

    // Makes the kernel hold `wanted`: tunnels and sessions that are gone or changed are
    // removed, new ones made; what is unchanged is not touched. Returns one line per failure.
    std::vector<std::string> apply(const std::vector<dataplane::StaticTunnelConfig>& wanted);
    // Shutdown: every static tunnel goes.
    void remove_all();

    struct SessionStatus {
        const dataplane::StaticSessionConfig* config = nullptr;
        bool installed = false;
        std::string error;
        std::optional<dataplane::SessionDatapath> datapath;
    };
    struct TunnelStatus {
        const dataplane::StaticTunnelConfig* config = nullptr;
        bool installed = false;
        std::string error;
        std::optional<dataplane::DatapathCounters> counters;
        std::vector<SessionStatus> sessions;
    };
    [[nodiscard]] std::vector<TunnelStatus> status();

  private:
    struct Session {
        dataplane::StaticSessionConfig config;
        bool installed = false;
        std::string error{};
        std::string mtu_derivation{};  // empty when configured
    };
    struct Tunnel {
        dataplane::StaticTunnelConfig config;  // sessions live in `sessions`
        bool installed = false;
        std::string error;
        std::vector<Session> sessions;
    };

    StaticTunnels(dataplane::L2tpNetlink netlink, std::string state_file)
        : netlink_(std::move(netlink)), state_file_(std::move(state_file)) {}

    void create(Tunnel& t);
    void create(const Tunnel& t, Session& s);
    void remove(Tunnel& t);
    void remove(const Tunnel& t, Session& s);
    // Waits (bounded) until the kernel has finished deleting a tunnel: it does so on a work
    // queue, and its ID stays taken until then.
    void await_gone(std::uint32_t tunnel_id);
    void save_state() const;

    dataplane::L2tpNetlink netlink_;
    std::string state_file_;
    std::map<std::string, Tunnel> tunnels_;  // by name
};

}  // namespace l2tp::dataplane
