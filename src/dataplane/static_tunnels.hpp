// Static (unmanaged) L2TPv3 tunnels from the configuration, held in the kernel (docs/datapath.md
// "Static tunnels"): no control connection and no hello, as `ip l2tp` makes them; the kernel
// opens each tunnel's socket from its addresses and ports. Created at start, changed by a
// reload without touching the others, removed at shutdown. The kernel does not remove them
// when l2tpd dies (no socket of ours carries them), so the IDs of the tunnels made are kept in a
// state file under the runtime directory, and the next instance removes them before it makes
// its own. A tunnel or session that cannot be made (its ID or interface name is taken) is
// reported, naming the clash, and the rest still come up.
//
// A reload never waits for the kernel: a tunnel it re-makes (or whose ID a tunnel it removed
// had) is pending while the kernel still deletes the earlier one, and made by on_timer() once
// the ID is free (deletion_wait.hpp); the owner arms a timer for next_deadline().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataplane/dataplane.hpp"
#include "dataplane/deletion_wait.hpp"
#include "dataplane/l2tp_netlink.hpp"
#include "dataplane/result.hpp"
#include "dataplane/static_tunnel_config.hpp"
#include "l2tp/model/time.hpp"

namespace l2tp::dataplane {

class StaticTunnels {
  public:
    // Opens a netlink socket of its own and removes what the state file says a dead instance
    // left, waiting for the kernel to finish (start-up: nothing else runs yet); an error when
    // the kernel has no L2TP.
    static Result<std::unique_ptr<StaticTunnels>> open(std::string state_file);

    StaticTunnels(const StaticTunnels&) = delete;
    StaticTunnels& operator=(const StaticTunnels&) = delete;

    // Makes the kernel hold `wanted`: tunnels and sessions that are gone or changed are
    // removed, new ones made (or left pending); what is unchanged is not touched. Returns one
    // line per failure.
    std::vector<std::string> apply(const std::vector<dataplane::StaticTunnelConfig>& wanted,
                                   model::Time now);
    // When on_timer() is due: while a tunnel is pending.
    [[nodiscard]] std::optional<model::Time> next_deadline() const;
    // Makes the pending tunnels whose wait is over; one line per failure, as apply() says them.
    std::vector<std::string> on_timer(model::Time now);
    // Shutdown: every static tunnel goes, and the kernel is given (bounded) time to finish, so
    // that the next instance finds the IDs free. The reactor has nothing left to serve then.
    void remove_all();

    enum class State {
        kInstalled,
        kPending,  // waits for the kernel to release its tunnel ID
        kFailed,
    };
    struct SessionStatus {
        const dataplane::StaticSessionConfig* config = nullptr;
        State state = State::kFailed;
        std::string error;
        std::optional<dataplane::SessionDatapath> datapath;
    };
    struct TunnelStatus {
        const dataplane::StaticTunnelConfig* config = nullptr;
        State state = State::kFailed;
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

    StaticTunnels(dataplane::L2tpNetlink netlink, std::string state_file);

    void create(Tunnel& t);
    void create(const Tunnel& t, Session& s);
    // Made now, or pending while a deletion of ours still holds its ID.
    void create_or_wait(const std::string& name, Tunnel& t, model::Time now);
    void remove(const std::string& name, Tunnel& t, model::Time now);
    void remove(const Tunnel& t, Session& s);
    // Remembers the interfaces the tunnel's sessions have, before it is deleted.
    void note_interfaces(std::uint32_t tunnel_id);
    // Whether the kernel has finished deleting a tunnel: its ID and its sessions' interfaces
    // are gone.
    bool deletion_done(std::uint32_t tunnel_id);
    // Blocks (bounded) until the kernel has finished deleting a tunnel: only before or after
    // the reactor runs.
    void await_gone(std::uint32_t tunnel_id);
    // Adds a line per failure of the tunnel and of its sessions.
    static void report(const std::string& name, const Tunnel& t,
                       std::vector<std::string>& failures);
    void save_state() const;

    dataplane::L2tpNetlink netlink_;
    std::string state_file_;
    std::map<std::string, Tunnel> tunnels_;  // by name
    // Deleted tunnel ID -> the interfaces its sessions had, until they are gone.
    std::map<std::uint32_t, std::vector<std::string>> deleted_interfaces_;
    DeletionWait deletions_;
};

// As l2tpctl shows it: "static", "pending" or "failed".
std::string_view state_name(StaticTunnels::State state);

}  // namespace l2tp::dataplane
