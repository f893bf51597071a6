// One control connection's state machine (RFC 2661 §7.2, RFC 3931 §7.2): set-up with
// SCCRQ / SCCRP / SCCCN as initiator or responder, HELLO keepalive, and teardown with StopCCN
// and its hold period. It owns its reliable channel, its authentication
// (control_authentication.hpp) and its calls (tunnel_calls.hpp), to which it hands every
// session message; they send through it as their CallChannel. Everything it wants done leaves
// as an Action.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fsm/call_link.hpp"
#include "fsm/control_authentication.hpp"
#include "fsm/session_registry.hpp"
#include "fsm/tunnel_calls.hpp"
#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/model/action.hpp"
#include "l2tp/model/engine_stats.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/tunnel_profile.hpp"
#include "l2tp/model/tunnel_status.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "l2tp/wire/result_code.hpp"

namespace l2tp::fsm {

using model::Time;
using model::TunnelState;

enum class Role : std::uint8_t { kInitiator, kResponder };

// What a tunnel reports to and draws on: the counters and actions it produces, the sessions
// of every tunnel, and the source of its IDs, nonces and cookies (EngineConfig::random).
struct TunnelContext {
    model::EngineStats& stats;
    std::vector<model::Action>& actions;
    SessionRegistry& sessions;
    wire::RandomSource& random;
    SetupGate& gate;
};

class Tunnel final : private CallChannel {
  public:
    Tunnel(std::uint32_t local_id, const model::TunnelProfile& profile,
           const model::PeerEndpoint& peer, Role role, TunnelContext context);
    Tunnel(const Tunnel&) = delete;
    Tunnel& operator=(const Tunnel&) = delete;

    // Initiator: sends the SCCRQ.
    void start(Time now);
    // A control message addressed to this tunnel (header already validated by the engine).
    void on_message(wire::Bytes message, Time now);
    // Admin close, or a fatal error: StopCCN with this result, then the hold period.
    void stop(wire::StopCcnResult result, wire::GeneralError error, std::string_view text,
              model::CloseReason reason, Time now);
    // Responder over the engine's tunnel limit: the SCCRQ it is given next is answered with
    // StopCCN Result 2, Error 4 (insufficient resources, RFC 2661 §4.4.2).
    void refuse_for_lack_of_resources() { lacks_resources_ = true; }
    // The pseudowires configured with the peer now (a reload); calls already set up stay.
    void set_pseudowires(std::vector<model::SessionParams> configured, bool accept_others) {
        profile_.configured_pseudowires = std::move(configured);
        profile_.accept_unconfigured_pseudowires = accept_others;
    }
    // Drops the tunnel without a word (tie breaker lost, RFC 2661 §4.4.3).
    void discard(model::CloseReason reason);
    // Frees a responder whose first SCCRQ was not accepted (dropped for its digest): it was
    // never announced, so it leaves without an action.
    void abandon();
    void on_timer(Time now);
    // The end of a receive batch: the acknowledgement still owed leaves now.
    void flush_acknowledgement();

    // Sessions: the tunnel's calls (tunnel_calls.hpp) do the work.
    std::optional<std::uint32_t> place_call(const model::SessionParams& params, Time now) {
        return calls_.place(params, now);
    }
    bool close_session(std::uint32_t session_id, Time now, wire::CdnResult result,
                       wire::GeneralError error, std::string_view message) {
        return calls_.close(session_id, now, result, error, message);
    }
    // A held call is answered now; a session's PPP is up (or needs no pppd).
    void answer_held(std::uint32_t session_id, Time now) { calls_.answer_held(session_id, now); }
    void session_up(std::uint32_t session_id) { calls_.session_up(session_id); }
    [[nodiscard]] std::vector<model::SessionInfo> sessions() const { return calls_.sessions(); }
    // Adds its sessions to `counts`, indexed by SessionState.
    void count_session_states(std::array<std::size_t, 3>& counts) const {
        calls_.count_states(counts);
    }

    [[nodiscard]] std::optional<Time> deadline() const;
    [[nodiscard]] bool ack_owed() const { return channel_.ack_owed(); }
    [[nodiscard]] control::ChannelProgress progress() const { return channel_.progress(); }
    // Nothing is left to do: the engine may free it.
    [[nodiscard]] bool finished() const { return finished_; }
    // Finished by abandon(): nothing of it was ever sent or announced.
    [[nodiscard]] bool abandoned() const { return abandoned_; }
    [[nodiscard]] model::TunnelInfo info() const;
    [[nodiscard]] TunnelState state() const { return state_; }
    [[nodiscard]] std::uint32_t id() const { return local_id_; }
    [[nodiscard]] std::uint32_t peer_id() const { return peer_id_; }
    [[nodiscard]] const model::PeerEndpoint& peer() const { return peer_; }
    // The peer answers from another port (RFC 2661 §8.1): everything goes there from now on.
    void move_peer(const model::PeerEndpoint& to) { peer_ = to; }
    [[nodiscard]] wire::ProtocolVersion version() const { return profile_.version; }
    [[nodiscard]] const std::optional<std::uint64_t>& tie_breaker() const { return tie_breaker_; }

  private:
    void handle(control::ReceivedMessage& received, Time now);
    void on_sccrq(const wire::ControlMessage& m, Time now);
    void on_sccrp(const wire::ControlMessage& m, Time now);
    void on_scccn(const wire::ControlMessage& m, Time now);
    void on_stopccn(const wire::ControlMessage& m);

    void establish(Time now);
    // Times a set-up begun at `started`, of session `session` or else of the tunnel: now when
    // the peer sent its last message, or once the peer acknowledges ours (the set-up is
    // complete as the peer sees it then), and then tells the session's call.
    void time_setup(std::optional<std::uint32_t> session, Time started, bool last_message_ours,
                    Time now);
    // The set-ups whose last message the peer has now acknowledged.
    void time_acknowledged_setups(Time now);
    // A tunnel that ends before it was established: its set-up failed with `result`.
    void count_setup_failure(std::optional<std::uint16_t> result);
    void enter_closing(Time now);
    void transition(TunnelState to);

    // The peer's IDs, window, name and authentication material from its SCCRQ or SCCRP;
    // false when that stopped the connection.
    bool learn_peer(const wire::ControlMessage& m, Time now);
    bool check_challenge_response(const wire::ControlMessage& m, wire::MessageType carrier,
                                  Time now);

    wire::AvpKey id_avp() const;  // Assigned Tunnel ID (v2) or Control Connection ID (v3)
    // CallChannel: what the calls send through.
    [[nodiscard]] wire::MessageBuilder builder(wire::MessageType type) const override;
    [[nodiscard]] wire::Visibility visibility(wire::AvpKey key) const override;
    void send_call_message(wire::MessageBuilder& b, Time now,
                           std::uint32_t peer_session_id) override {
        send(b, now, peer_session_id);
    }
    void call_set_up(std::uint32_t local_id, Time started, bool last_message_ours,
                     Time now) override {
        time_setup(local_id, started, last_message_ours, now);
    }
    [[nodiscard]] bool carries_calls() const override {
        return state_ == TunnelState::kEstablished;
    }

    void add_identity(wire::MessageBuilder& b, wire::MessageType type);
    // Sends a message; `header_session_id` is the v2 header's Session ID (the peer's).
    void send(wire::MessageBuilder& b, Time now, std::uint32_t header_session_id = 0);
    void flush();

    std::uint32_t local_id_;
    model::TunnelProfile profile_;
    model::PeerEndpoint peer_;
    Role role_;
    TunnelContext context_;
    control::ReliableChannel channel_;
    TunnelState state_;

    std::uint32_t peer_id_ = 0;
    std::string peer_host_name_;
    std::optional<std::uint64_t> tie_breaker_;
    ControlAuthentication auth_;
    TunnelCalls calls_;
    // A control connection must be established by then (RFC 2661 §7.2: "timeout" clears it).
    std::optional<Time> setup_until_;
    Time setup_started_{};  // our SCCRQ sent or the peer's received
    // Set-ups whose last message was ours, until the peer acknowledges it: the n-th message
    // queued on the channel (ChannelProgress), when it began, the session's ID or none for the
    // tunnel's.
    struct AwaitedSetup {
        std::uint64_t message = 0;
        Time started{};
        std::optional<std::uint32_t> session;
    };
    std::vector<AwaitedSetup> awaited_setups_;

    Time last_heard_{};
    Time last_hello_{};
    std::optional<Time> hold_until_;
    bool finished_ = false;
    bool abandoned_ = false;
    bool lacks_resources_ = false;
};

}  // namespace l2tp::fsm
