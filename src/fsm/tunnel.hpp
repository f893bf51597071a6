// One control connection's state machine (RFC 2661 §7.2, RFC 3931 §7.2): set-up with
// SCCRQ / SCCRP / SCCCN as initiator or responder, tunnel authentication (v2 Challenge, v3
// Message Digest with nonces), HELLO keepalive, and teardown with StopCCN and its hold period.
// It owns its reliable channel; everything it wants done leaves as an Action.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/engine/action.hpp"
#include "l2tp/engine/engine.hpp"
#include "l2tp/engine/engine_stats.hpp"
#include "l2tp/engine/tunnel_profile.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "session.hpp"

namespace l2tp::fsm {

using control::Time;
using engine::TunnelState;

enum class Role : std::uint8_t { kInitiator, kResponder };

// What a tunnel reports to and through: the engine's counters and action list.
struct TunnelContext {
    engine::EngineStats& stats;
    std::vector<engine::Action>& actions;
    std::unordered_set<std::uint32_t>& v3_session_ids;  // engine-wide (RFC 3931 §4.1)
    const engine::EngineConfig& limits;                 // max_sessions, max_sessions_per_tunnel
    std::size_t& sessions;                              // of every tunnel of the engine
    wire::RandomSource& random;                         // the engine's (EngineConfig::random)
};

class Tunnel {
  public:
    Tunnel(std::uint32_t local_id, const engine::TunnelProfile& profile,
           const engine::PeerEndpoint& peer, Role role, TunnelContext context);

    // Initiator: sends the SCCRQ.
    void start(Time now);
    // A control message addressed to this tunnel (header already validated by the engine).
    void on_message(wire::Bytes message, Time now);
    // Admin close, or a fatal error: StopCCN with this result, then the hold period.
    void stop(wire::StopCcnResult result, wire::GeneralError error, std::string_view text,
              engine::CloseReason reason, Time now);
    // Responder over the engine's tunnel limit: the SCCRQ it is given next is answered with
    // StopCCN Result 2, Error 4 (insufficient resources, RFC 2661 §4.4.2).
    void refuse_for_lack_of_resources() { lacks_resources_ = true; }
    // Drops the tunnel without a word (tie breaker lost, RFC 2661 §4.4.3).
    void discard(engine::CloseReason reason);
    // Frees a responder whose first SCCRQ was not accepted (dropped for its digest): it was
    // never announced, so it leaves without an action.
    void abandon();
    void on_timer(Time now);
    // The end of a receive batch: the acknowledgement still owed leaves now.
    void flush_acknowledgement();

    // Sessions (incoming_call.cpp, outgoing_call.cpp, session.cpp).
    std::optional<std::uint32_t> place_call(const engine::SessionParams& params, Time now);
    bool close_session(std::uint32_t session_id, Time now);
    [[nodiscard]] std::vector<engine::SessionInfo> sessions() const;

    [[nodiscard]] std::optional<Time> deadline() const;
    [[nodiscard]] bool ack_owed() const { return channel_.ack_owed(); }
    [[nodiscard]] control::ChannelProgress progress() const { return channel_.progress(); }
    // Nothing is left to do: the engine may free it.
    [[nodiscard]] bool finished() const { return finished_; }
    // Finished by abandon(): nothing of it was ever sent or announced.
    [[nodiscard]] bool abandoned() const { return abandoned_; }
    [[nodiscard]] engine::TunnelInfo info() const;
    [[nodiscard]] TunnelState state() const { return state_; }
    [[nodiscard]] std::uint32_t id() const { return local_id_; }
    [[nodiscard]] std::uint32_t peer_id() const { return peer_id_; }
    [[nodiscard]] const engine::PeerEndpoint& peer() const { return peer_; }
    // The peer answers from another port (RFC 2661 §8.1): everything goes there from now on.
    void move_peer(const engine::PeerEndpoint& to) { peer_ = to; }
    [[nodiscard]] wire::ProtocolVersion version() const { return profile_.version; }
    [[nodiscard]] const std::optional<std::uint64_t>& tie_breaker() const { return tie_breaker_; }

  private:
    void handle(control::ReceivedMessage& received, Time now);
    void on_sccrq(const wire::ControlMessage& m, Time now);
    void on_sccrp(const wire::ControlMessage& m, Time now);
    void on_scccn(const wire::ControlMessage& m, Time now);
    void on_stopccn(const wire::ControlMessage& m);

    // Session messages: find the session a message is for, and each exchange's steps.
    void handle_session_message(const control::ReceivedMessage& received, Time now);
    Session* session_for(const wire::ControlMessage& m);
    std::uint32_t peer_session_id_in(const wire::ControlMessage& m) const;
    std::optional<std::uint32_t> allocate_session_id();
    // A new session, or nothing when a session limit or the ID space is exhausted.
    Session* add_session(const engine::SessionParams& params, bool initiator, Time now);
    std::optional<engine::SessionParams> accept_call(const wire::ControlMessage& m,
                                                     engine::CallDirection direction, Time now);
    // The session of a call the peer placed (ICRQ / OCRQ), with the peer's ID and cookie; a
    // CDN and nothing when a session limit is reached.
    Session* answer_call(const engine::SessionParams& params, const wire::ControlMessage& m,
                         Time now);
    void add_connected_avps(wire::MessageBuilder& b);
    bool refuse_on_call_tie(const wire::ControlMessage& m, const engine::SessionParams& theirs,
                            std::uint32_t peer_session, Time now);
    void on_icrq(const wire::ControlMessage& m, Time now);
    void on_icrp(Session& s, const wire::ControlMessage& m, Time now);
    void on_iccn(Session& s, const wire::ControlMessage& m);
    void on_ocrq(const wire::ControlMessage& m, Time now);
    void on_ocrp(Session& s, const wire::ControlMessage& m);
    void on_occn(Session& s, const wire::ControlMessage& m);
    void on_cdn(Session& s, const wire::ControlMessage& m);
    void learn_peer_session(Session& s, const wire::ControlMessage& m);
    void add_session_ids(wire::MessageBuilder& b, const Session& s);
    void add_session_data_avps(wire::MessageBuilder& b, const Session& s);
    void establish_session(Session& s);
    void send_cdn(std::uint32_t local_id, std::uint32_t peer_id, wire::CdnResult result,
                  wire::GeneralError error, std::string_view text, Time now);
    void clear_session(std::uint32_t local_id, wire::CdnResult result, wire::GeneralError error,
                       std::string_view text, Time now);
    void remove_session(std::uint32_t local_id, bool by_peer, std::uint16_t result,
                        std::uint16_t error, std::string_view text);
    void remove_all_sessions(std::string_view why);
    void expire_pending_calls(Time now);

    void establish();
    void enter_closing(Time now);
    void transition(TunnelState to);

    // Authentication steps shared by the three set-up messages.
    bool learn_peer(const wire::ControlMessage& m, Time now);
    bool check_challenge_response(const wire::ControlMessage& m, wire::MessageType carrier,
                                  Time now);
    bool authentic(wire::Bytes bytes, const wire::ControlMessage& m);
    void seal(wire::MutableBytes message) const;

    wire::AvpKey id_avp() const;  // Assigned Tunnel ID (v2) or Control Connection ID (v3)
    wire::MessageBuilder builder(wire::MessageType type) const;
    wire::Visibility visibility(wire::AvpKey key) const;
    void add_identity(wire::MessageBuilder& b, wire::MessageType type);
    // Sends a message; `header_session_id` is the v2 header's Session ID (the peer's).
    void send(wire::MessageBuilder& b, Time now, std::uint32_t header_session_id = 0);
    void flush();

    std::uint32_t local_id_;
    engine::TunnelProfile profile_;
    engine::PeerEndpoint peer_;
    Role role_;
    TunnelContext context_;
    control::ReliableChannel channel_;
    TunnelState state_;

    std::uint32_t peer_id_ = 0;
    std::string peer_host_name_;
    std::optional<std::uint64_t> tie_breaker_;
    // L2TPv2 tunnel authentication: the challenge we sent, and the one we must answer.
    std::vector<std::uint8_t> our_challenge_;
    std::vector<std::uint8_t> peer_challenge_;
    // L2TPv3 Control Message Authentication (RFC 3931 §4.3).
    bool authenticating_ = false;
    wire::DigestType digest_type_ = wire::DigestType::kHmacMd5;
    wire::SharedKey shared_key_{};
    std::vector<std::uint8_t> local_nonce_;
    std::vector<std::uint8_t> peer_nonce_;

    std::unordered_map<std::uint32_t, Session> sessions_;
    // Calls not yet established, oldest first, with the time they must be up by: every call
    // has the same allowance, so the front is always the next to expire.
    std::deque<std::pair<Time, std::uint32_t>> pending_calls_;
    // v3 calls we placed that the peer has not answered yet: the candidates of a session tie
    // (RFC 3931 §5.4.4), kept apart so an incoming call need not scan every session.
    std::unordered_set<std::uint32_t> unanswered_calls_;
    // A control connection must be established by then (RFC 2661 §7.2: "timeout" clears it).
    std::optional<Time> setup_until_;
    std::uint32_t next_call_serial_ = 1;

    Time last_heard_{};
    Time last_hello_{};
    std::optional<Time> hold_until_;
    bool finished_ = false;
    bool abandoned_ = false;
    bool lacks_resources_ = false;
};

}  // namespace l2tp::fsm
