// The protocol engine: every tunnel and session of the daemon, driven by events (a datagram, the
// time, an operator's request) and answering with actions. No sockets, no clock, no threads:
// the daemon's Asio layer feeds it and carries out what it returns.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/engine/action.hpp"
#include "l2tp/engine/engine_stats.hpp"
#include "l2tp/engine/peer_endpoint.hpp"
#include "l2tp/engine/session_params.hpp"
#include "l2tp/engine/tunnel_profile.hpp"
#include "l2tp/engine/tunnel_status.hpp"
#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/random.hpp"
#include "l2tp/wire/result_code.hpp"

namespace l2tp::fsm {
class SessionRegistry;
class Tunnel;
struct TunnelContext;
}  // namespace l2tp::fsm

namespace l2tp::engine {

// A profile for the control connections one peer opens: matched by its address (any port),
// its Host Name, or both; the first match wins.
struct PeerProfile {
    std::optional<PeerEndpoint> address;
    std::string host_name;
    TunnelProfile profile;

    // Whether a control connection with `from` (any port) in `version`, whose peer names itself
    // `peer_host_name`, is this peer's: the version, and the address (with its encapsulation)
    // and Host Name where given. The engine picks responder profiles by it, and a reload finds
    // a removed peer's tunnels by it: one rule for both.
    [[nodiscard]] bool matches(const PeerEndpoint& from, wire::ProtocolVersion version,
                               std::string_view peer_host_name) const;
};

struct EngineConfig {
    // Profiles applied to control connections a peer opens: a matching entry of `peers`, else
    // the version's default; a peer with neither is refused.
    std::optional<TunnelProfile> accept_v2;
    std::optional<TunnelProfile> accept_v3;
    std::vector<PeerProfile> peers;
    // Control connections peers opened that are not yet established (or refused and still
    // held for their StopCCN), at most: an SCCRQ flood from many source ports cannot grow
    // state without bound. Further SCCRQs are dropped.
    std::size_t max_half_open = 1000;
    // The same, from one peer address (any port): one host cannot take the whole pool.
    std::size_t max_half_open_per_source = 100;
    // Tunnels and sessions at most; beyond them a peer's SCCRQ gets StopCCN Result 2 Error 4
    // and its ICRQ / OCRQ a CDN Result 4 (RFC 2661 §4.4.2, RFC 3931 §5.4.2).
    std::size_t max_tunnels = 65535;
    std::size_t max_sessions = 1000000;
    std::size_t max_sessions_per_tunnel = 65535;
    // Where IDs, tie breakers, nonces, challenges, cookies and Random Vectors come from; none:
    // wire::system_random(). Fixed when the engine is made (reconfigure keeps it), so that a
    // seeded run replays exactly.
    std::shared_ptr<wire::RandomSource> random = nullptr;
};

class Engine {
  public:
    explicit Engine(EngineConfig config);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // A control packet from `from`, as read from the socket (over IP with its zero Session ID).
    void on_datagram(wire::Bytes packet, const PeerEndpoint& from, control::Time now);
    // The driver has handed over every datagram its sockets had queued (one receive batch):
    // each tunnel that received a message no reply of ours carried the acknowledgement of
    // sends its ZLB (or L2TPv3 ACK) now. A driver calls it after every batch; no timer
    // sends acknowledgements (ARCHITECTURE.md, "Concurrency and performance").
    void end_batch();
    // Opens a control connection to `to` (sends SCCRQ); returns the new tunnel's local ID, or
    // nothing when max_tunnels is reached or no ID is free.
    std::optional<std::uint32_t> open_tunnel(const PeerEndpoint& to, const TunnelProfile& profile,
                                             control::Time now);
    // Closes a tunnel with StopCCN (RFC 2661 §4.4.2): Result 1 for an operator's request,
    // Result 6 when the daemon shuts down, Result 2 with an Error Code and message when the
    // datapath could not take it. False if there is none.
    bool close_tunnel(std::uint32_t tunnel_id, control::Time now,
                      wire::StopCcnResult result = wire::StopCcnResult::kClearConnection,
                      wire::GeneralError error = wire::GeneralError::kNone,
                      std::string_view message = {});
    // Places a call on an established tunnel (sends ICRQ or OCRQ); the new session's local ID,
    // or nothing when the tunnel is not established.
    std::optional<std::uint32_t> place_call(std::uint32_t tunnel_id, const SessionParams& params,
                                            control::Time now);
    // Clears a session with CDN: Result Code 3 (administrative) for an operator's request,
    // Result 2 with an Error Code and message when the datapath could not take it. False if
    // there is none.
    bool close_session(std::uint32_t tunnel_id, std::uint32_t session_id, control::Time now,
                       wire::CdnResult result = wire::CdnResult::kAdministrative,
                       wire::GeneralError error = wire::GeneralError::kNone,
                       std::string_view message = {});
    // Replaces the profiles that answer new SCCRQs and the half-open limit (a reload).
    // Existing tunnels keep the profile they were set up with.
    void reconfigure(EngineConfig config);
    // Runs every timer due at `now`.
    void on_timer(control::Time now);

    // When on_timer must next run, or nothing when no timer is armed.
    [[nodiscard]] std::optional<control::Time> next_deadline() const;
    // The actions produced since the last call, in order.
    std::vector<Action> take_actions();

    [[nodiscard]] std::optional<TunnelInfo> tunnel(std::uint32_t tunnel_id) const;
    [[nodiscard]] std::vector<TunnelInfo> tunnels() const;
    [[nodiscard]] std::vector<SessionInfo> sessions(std::uint32_t tunnel_id) const;
    // How many sessions there are by version and state (indexed by SessionState), without
    // copying any: what a metrics scrape of 100 000 sessions needs.
    using SessionStateCounts = std::array<std::size_t, 3>;
    [[nodiscard]] ByVersion<SessionStateCounts> session_state_counts() const;
    // How much of what a tunnel sent its peer has acknowledged (a LAC's view of its set-ups).
    [[nodiscard]] std::optional<control::ChannelProgress> channel_progress(
        std::uint32_t tunnel_id) const;
    [[nodiscard]] const EngineStats& stats() const { return stats_; }

  private:
    fsm::Tunnel* find(std::uint32_t tunnel_id) const;
    const TunnelProfile* profile_for(const PeerEndpoint& from, wire::ProtocolVersion version,
                                     std::string_view host_name) const;
    void accept_sccrq(wire::Bytes message, const PeerEndpoint& from, wire::ProtocolVersion version,
                      control::Time now);
    std::optional<std::uint32_t> allocate_tunnel_id(wire::ProtocolVersion version) const;
    fsm::TunnelContext tunnel_context();
    // Re-files a tunnel's deadline after it was touched, and frees it once it is finished.
    void settle(fsm::Tunnel& tunnel);
    void forget_awaiting_reply(std::uint32_t tunnel_id);
    // A control message addressed to no tunnel of ours.
    void answer_stray(wire::Bytes message, const PeerEndpoint& from, wire::ProtocolVersion version,
                      control::Time now);

    EngineConfig config_;
    std::shared_ptr<wire::RandomSource> random_;  // never null
    EngineStats stats_;
    std::vector<Action> actions_;
    // The sessions of every tunnel (bounded by max_sessions), with the L2TPv3 Session IDs that
    // name a session across the whole LCCE (RFC 3931 §4.1). Outlives the tunnels.
    std::unique_ptr<fsm::SessionRegistry> sessions_;
    std::unordered_map<std::uint32_t, std::unique_ptr<fsm::Tunnel>> tunnels_;
    // Deadlines of all tunnels, earliest first; each tunnel has at most one entry.
    std::set<std::pair<control::Time, std::uint32_t>> timers_;
    // Tunnels that owed an acknowledgement when last settled, for end_batch (may repeat).
    std::vector<std::uint32_t> owing_ack_;
    std::unordered_map<std::uint32_t, control::Time> filed_deadlines_;
    // Responder tunnels still setting up (bounded by max_half_open).
    std::unordered_set<std::uint32_t> half_open_;
    // How many of them each peer address (port 0) has (bounded by max_half_open_per_source).
    std::unordered_map<PeerEndpoint, std::size_t, PeerEndpointHash> half_open_by_source_;
    // StopCCNs answering stray SCCRPs, at most this many a second.
    static constexpr unsigned kStrayAnswersPerSecond = 10;
    control::Time stray_window_start_{};
    unsigned stray_answers_ = 0;
    // Responder tunnels by the SCCRQ that made them (peer, its Assigned ID, version): a
    // retransmitted SCCRQ finds its tunnel without a scan of every tunnel.
    struct SccrqKey {
        PeerEndpoint from;
        std::uint32_t peer_id = 0;
        wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
        friend bool operator==(const SccrqKey&, const SccrqKey&) = default;
    };
    struct SccrqKeyHash {
        std::size_t operator()(const SccrqKey& k) const;
    };
    std::unordered_map<SccrqKey, std::uint32_t, SccrqKeyHash> responders_;
    // Our SCCRQs awaiting an SCCRP, by the peer's address (any port, same encapsulation): the
    // candidates of a tie (RFC 2661 §4.4.3).
    std::unordered_multimap<PeerEndpoint, std::uint32_t, PeerEndpointHash> awaiting_reply_;
    std::unordered_map<std::uint32_t, PeerEndpoint> awaiting_reply_key_;
};

}  // namespace l2tp::engine
