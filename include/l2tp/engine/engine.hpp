// The protocol engine: every tunnel and session of the daemon, driven by events (a datagram, the
// time, an operator's request) and answering with actions. No sockets, no clock, no threads:
// the daemon's Asio layer feeds it and carries out what it returns.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/model/action.hpp"
#include "l2tp/model/engine_config.hpp"
#include "l2tp/model/engine_stats.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/model/tunnel_profile.hpp"
#include "l2tp/model/tunnel_status.hpp"
#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/random.hpp"
#include "l2tp/wire/result_code.hpp"

namespace l2tp::engine {

class Engine {
  public:
    explicit Engine(model::EngineConfig config);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // A control packet from `from`, as read from the socket (over IP with its zero Session ID).
    void on_datagram(wire::Bytes packet, const model::PeerEndpoint& from, model::Time now);
    // The driver has handed over every datagram its sockets had queued (one receive batch):
    // each tunnel that received a message no reply of ours carried the acknowledgement of
    // sends its ZLB (or L2TPv3 ACK) now. A driver calls it after every batch; no timer
    // sends acknowledgements (docs/architecture.md, "Latency").
    void end_batch();
    // Opens a control connection to `to` (sends SCCRQ); returns the new tunnel's local ID, or
    // nothing when max_tunnels is reached or no ID is free.
    std::optional<std::uint32_t> open_tunnel(const model::PeerEndpoint& to,
                                             const model::TunnelProfile& profile, model::Time now);
    // Closes a tunnel with StopCCN (RFC 2661 §4.4.2): Result 1 for an operator's request,
    // Result 6 when the daemon shuts down, Result 2 with an Error Code and message when the
    // datapath could not take it. False if there is none.
    bool close_tunnel(std::uint32_t tunnel_id, model::Time now,
                      wire::StopCcnResult result = wire::StopCcnResult::kClearConnection,
                      wire::GeneralError error = wire::GeneralError::kNone,
                      std::string_view message = {});
    // Places a call on an established tunnel (sends ICRQ or OCRQ); the new session's local ID,
    // or nothing when the tunnel is not established.
    std::optional<std::uint32_t> place_call(std::uint32_t tunnel_id,
                                            const model::SessionParams& params, model::Time now);
    // Clears a session with CDN: Result Code 3 (administrative) for an operator's request,
    // Result 2 with an Error Code and message when the datapath could not take it. False if
    // there is none.
    bool close_session(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now,
                       wire::CdnResult result = wire::CdnResult::kAdministrative,
                       wire::GeneralError error = wire::GeneralError::kNone,
                       std::string_view message = {});
    // Replaces the profiles that answer new SCCRQs and the half-open limit (a reload).
    // Existing tunnels keep the profile they were set up with.
    void reconfigure(model::EngineConfig config);
    // Runs every timer due at `now`.
    void on_timer(model::Time now);
    // A session's PPP is up (its pppd reported READY=1), or the session needs no pppd here:
    // it no longer counts against max_calls_setting_up, and a held call may be answered.
    void session_up(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now);

    // When on_timer must next run, or nothing when no timer is armed.
    [[nodiscard]] std::optional<model::Time> next_deadline() const;
    // The actions produced since the last call, in order.
    std::vector<model::Action> take_actions();

    [[nodiscard]] std::optional<model::TunnelInfo> tunnel(std::uint32_t tunnel_id) const;
    [[nodiscard]] std::vector<model::TunnelInfo> tunnels() const;
    [[nodiscard]] std::vector<model::SessionInfo> sessions(std::uint32_t tunnel_id) const;
    // How many sessions there are by version and state (indexed by SessionState), without
    // copying any: what a metrics scrape of 100 000 sessions needs.
    using SessionStateCounts = std::array<std::size_t, 3>;
    [[nodiscard]] model::ByVersion<SessionStateCounts> session_state_counts() const;
    // How much of what a tunnel sent its peer has acknowledged (a LAC's view of its set-ups).
    [[nodiscard]] std::optional<control::ChannelProgress> channel_progress(
        std::uint32_t tunnel_id) const;
    [[nodiscard]] const model::EngineStats& stats() const;

  private:
    // The tunnels, their deadlines and the tables that find them (engine.cpp): the state
    // machines stay private to the library.
    class Core;
    std::unique_ptr<Core> core_;
};

}  // namespace l2tp::engine
