// Keeps what the configuration promises up: the tunnel of every peer marked `connect: true`,
// and every pseudowire with such a peer (a persistent xconnect). A tunnel or pseudowire that
// goes down is dialled or placed again after a back-off that doubles up to a bound, for as long
// as it stays configured; a reload adds and removes pseudowires without touching the others.
// It also follows the pseudowires the peer places, to show what is configured against what
// is up (`l2tpctl show pseudowires`).
//
// A peer with an LNS list (`lns:`) is dialled as LACs treat RFC 2868 §3.8 Tunnel-Preference:
// every LNS of the lowest preference not set aside gets a tunnel; a pseudowire goes to the up
// LNS of the lowest preference that carries the fewest sessions; an LNS that fails (its tunnel
// not established or lost, its StopCCN, a call it refused with CDN Result 4) is set aside for
// the peer's `set_aside` and the next preference takes over; a pseudowire whose tunnel went is
// placed again on another, at most kMaxCallsInFlight calls being placed at once.
//
// Calls placed by peer (`l2tpctl call add`, a PPP call with its pppd) go where a pseudowire
// would and are kept up like one: whatever ended it (its tunnel, a CDN, its pppd's exit, which
// is often the first sign of a dying LNS), a call is placed again after the back-off, on the
// LNS chosen then, until it is ended (`l2tpctl call delete`) or its peer leaves the
// configuration.
//
// No I/O and no clock: it hears the driver's events with the time, asks through Hooks, and says
// when it must be woken. Work that events make due is done at that wake-up, never inside the
// event, so that it never re-enters the driver.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/daemon_config.hpp"
#include "driver/engine_driver.hpp"
#include "l2tp/model/action.hpp"

namespace l2tp::driver {

class Supervisor {
  public:
    struct Hooks {
        // Opens a tunnel; nothing when none could be opened.
        std::function<std::optional<std::uint32_t>(const model::PeerEndpoint&,
                                                   const model::TunnelProfile&)>
            dial;
        // Places a call on an established tunnel; nothing when it could not be placed.
        std::function<std::optional<std::uint32_t>(std::uint32_t tunnel,
                                                   const model::SessionParams&)>
            place;
        std::function<void(std::uint32_t tunnel, std::uint32_t session)> hang_up;
    };

    static constexpr model::Duration kFirstRetry = std::chrono::seconds(1);
    static constexpr model::Duration kLongestRetry = std::chrono::seconds(60);
    // Up at least this long before it went down: the next retry starts from kFirstRetry
    // again. Shorter (a call the peer accepts and then clears at once): the back-off grows.
    static constexpr model::Duration kStableAfter = std::chrono::seconds(10);
    // Pseudowires placed and not yet up, at most: after an LNS died, its calls go elsewhere a
    // batch at a time, not as a storm.
    static constexpr std::size_t kMaxCallsInFlight = 32;
    // A call waits this long at most for an LNS of its preference that is being dialled, so
    // that the first LNS to answer does not take every call of a start or a failover.
    static constexpr model::Duration kSpreadWait = std::chrono::seconds(2);

    explicit Supervisor(Hooks hooks) : hooks_(std::move(hooks)) {}

    // The configuration (at start and after every reload): new `connect` peers are dialled and
    // new pseudowires placed at the next wake-up; pseudowires that are gone or changed are
    // hung up (a changed one is placed again with its new parameters).
    void configure(const config::DaemonConfig& config, model::Time now);

    // l2tpd is stopping: the tunnels and calls it closes are not dialled or placed again, and
    // nothing more is due.
    void stand_down();

    // What the driver carried out (EngineDriver::set_observer).
    void on_action(const model::Action& action, model::Time now);
    // Dials and places whatever is due; how many tunnels it dialled.
    std::size_t on_timer(model::Time now);
    [[nodiscard]] std::optional<model::Time> next_deadline() const;

    struct PseudowireStatus {
        const config::PseudowireConfig* config = nullptr;
        bool we_place = false;  // our side dials (the peer has connect: true)
        std::optional<std::uint32_t> tunnel;
        std::optional<std::uint32_t> session;
        bool up = false;
        std::string last_failure;  // empty until one failed
        std::optional<model::Time> retry_at;
    };
    [[nodiscard]] std::vector<PseudowireStatus> pseudowires() const;

    // A call placed by peer, placed at the next wake-up; its ID (never reused), or nothing
    // when the peer is not one l2tpd dials or the configuration's max_sessions calls are kept.
    std::optional<std::uint32_t> add_call(std::string_view peer, const model::SessionParams& params,
                                          model::Time now);
    // Hangs the call up and forgets it: not placed again; false when there is no such call.
    bool end_call(std::uint32_t id);
    struct CallStatus {
        std::uint32_t id = 0;
        const std::string* peer = nullptr;
        const model::SessionParams* params = nullptr;
        std::optional<std::uint32_t> tunnel;
        std::optional<std::uint32_t> session;
        bool up = false;
        std::size_t placed = 0;    // times it was placed: more than one after a failover
        std::string last_failure;  // why it last ended; empty until then
        std::optional<model::Time> retry_at;
    };
    [[nodiscard]] std::vector<CallStatus> calls() const;

    // One address of a peer: its only one, or one LNS of its list.
    struct LnsStatus {
        std::optional<model::PeerEndpoint> address;  // none: a peer known by host name
        std::uint32_t preference = 0;
        std::optional<std::uint32_t> tunnel;
        bool up = false;
        std::size_t sessions = 0;  // placed or up on its tunnel
        std::optional<model::Time> retry_at;
        std::optional<model::Time> set_aside_until;
        std::string last_failure;  // empty until it failed
    };
    struct PeerStatus {
        const config::PeerConfig* config = nullptr;
        std::vector<LnsStatus> lns;
    };
    [[nodiscard]] std::vector<PeerStatus> peers() const;
    // Where `l2tpctl tunnel add` dials the peer at `now`: its address, or the LNS of its list
    // with the lowest preference not set aside (the fewest sessions among equals).
    [[nodiscard]] std::optional<model::PeerEndpoint> lns_to_dial(std::string_view peer,
                                                                 model::Time now) const;

  private:
    struct Lns {
        std::optional<model::PeerEndpoint> address;
        std::uint32_t preference = 0;
        std::optional<std::uint32_t> tunnel{};  // ours, dialled or answered
        bool up = false;
        model::Time up_since{};
        std::optional<model::Time> retry_at{};
        model::Duration backoff = kFirstRetry;
        model::Time dialled_at{};
        std::optional<model::Time> set_aside_until{};
        std::set<std::uint32_t> sessions{};  // placed or up on its tunnel
        std::string last_failure{};
    };
    struct Peer {
        config::PeerConfig config;
        std::vector<Lns> lns;
    };
    struct Circuit {
        config::PseudowireConfig config;
        std::optional<std::uint32_t> tunnel{};
        std::optional<std::uint32_t> session{};
        bool up = false;
        model::Time up_since{};
        std::string last_failure{};
        std::optional<model::Time> retry_at{};
        model::Duration backoff = kFirstRetry;
        bool awaiting_lns = false;  // retry_at waits for an LNS being dialled (kSpreadWait)
        std::size_t placed = 0;
    };

    // Every pseudowire and call.
    template <typename Visit>
    void each_circuit(Visit visit) {
        for (auto& [name, c] : circuits_) {
            visit(c);
        }
        for (auto& [id, c] : calls_) {
            visit(c);
        }
    }
    template <typename Visit>
    void each_circuit(Visit visit) const {
        for (const auto& [name, c] : circuits_) {
            visit(c);
        }
        for (const auto& [id, c] : calls_) {
            visit(c);
        }
    }

    void tunnel_up(const model::InstallTunnel& t, model::Time now);
    void tunnel_down(const model::RemoveTunnel& t, model::Time now);
    void session_up(const model::InstallSession& s, model::Time now);
    void session_down(const model::RemoveSession& s, model::Time now);
    // The configured peer and address whose tunnel `t` is: the first that matches, as the
    // engine picks profiles (model::PeerProfile::matches).
    std::pair<Peer*, Lns*> owner_of(const model::InstallTunnel& t);
    std::pair<Peer*, Lns*> holder_of(std::uint32_t tunnel);
    bool dials(const Circuit& c) const;
    // An LNS of a list failed: passed over until `set_aside` has passed, and the others of
    // the peer reconsidered now.
    void set_aside(Peer& peer, Lns& lns, const std::string& why, model::Time now);
    static bool aside(const Lns& lns, model::Time now);
    // The LNS of the lowest preference not set aside that carries the fewest sessions (the
    // first of equals): among those up (`up_only`, where a new call goes), or among those
    // that can be dialled.
    static const Lns* choose(const Peer& peer, model::Time now, bool up_only);
    void dial_due(Peer& peer, model::Time now, std::size_t& dialled);
    // Until when a call bound for `chosen` waits for an LNS of its preference (or a better
    // one) that is being dialled; nothing when it need not.
    static std::optional<model::Time> spread_wait(const Peer& peer, const Lns& chosen,
                                                  model::Time now);
    [[nodiscard]] std::size_t calls_in_flight() const;
    // Places `c` on the LNS its peer's list chooses now, or says when to try again.
    void place_due(Circuit& c, model::Time now, std::size_t& in_flight);
    static void retry_later(std::optional<model::Time>& retry_at, model::Duration& backoff,
                            model::Time up_since, model::Time now);

    Hooks hooks_;
    std::map<std::string, model::TunnelProfile, std::less<>> profiles_;
    std::map<std::string, Peer, std::less<>> peers_;
    std::map<std::string, Circuit, std::less<>> circuits_;  // configured pseudowires
    std::map<std::uint32_t, Circuit> calls_;                // placed by peer
    std::uint32_t last_call_ = 0;
    std::size_t max_calls_ = 0;
    bool standing_down_ = false;
};

// The hooks that ask `driver`.
Supervisor::Hooks hooks_for(EngineDriver& driver);

}  // namespace l2tp::driver
