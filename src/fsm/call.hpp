// One call on a control connection, incoming or outgoing, LAC or LNS side (RFC 2661 §7.4-7.5,
// RFC 3931 §7.3-7.4): its session's state and what was negotiated for its data. The steps of
// each exchange are in incoming_call.cpp and outgoing_call.cpp, one per message and role;
// call.cpp has what they share, the state table that picks a step, and the one failure path
// for a message out of place. The tunnel's call table owns every call; a call that ends says
// so (ended()) and its owner drops it, so no step destroys the object it runs on.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fsm/call_link.hpp"
#include "fsm/cookie.hpp"
#include "l2tp/model/proxy_ppp.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/tunnel_status.hpp"

namespace l2tp::fsm {

class Call {
  public:
    // `initiator`: we place the call (send the ICRQ or OCRQ).
    Call(CallLink& link, std::uint32_t local_id, bool initiator, const model::SessionParams& params,
         Cookie cookie, Time now);
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    // We place it: ICRQ (LAC) or OCRQ (LNS) with this Call Serial Number.
    void request(std::uint32_t serial, Time now);
    // The peer placed it with `request` (ICRQ or OCRQ): we answer, or hold the answer while
    // the engine's gate is shut (setup_gate.hpp).
    void answer(const wire::ControlMessage& request, Time now);
    // A held call's turn: the answer goes now.
    void answer_held(Time now);
    // Its PPP is up (pppd's READY=1), or it needs no pppd: no longer setting up.
    void on_up() { stop_setting_up(); }
    // A later message of the call (ICRP, ICCN, OCRP, OCCN, CDN, WEN, SLI).
    void on_message(const wire::ControlMessage& m, Time now);
    // Ends the call with CDN (RFC 2661 §6.12).
    void clear(wire::CdnResult result, wire::GeneralError error, std::string_view text, Time now);
    // Ends the call without a word (the peer's CDN, or the tunnel went): counted, and its
    // session removed; `result` 0 is no Result Code.
    void end(bool by_peer, std::uint16_t result, std::uint16_t error, std::string_view text);

    // The peer acknowledged our last set-up message (ICCN, OCCN): a PPP call's pppd starts now.
    void on_last_message_acknowledged();

    [[nodiscard]] bool ended() const { return ended_; }
    [[nodiscard]] std::uint32_t local_id() const { return local_id_; }
    [[nodiscard]] model::SessionState state() const { return state_; }
    [[nodiscard]] const model::SessionParams& params() const { return params_; }
    [[nodiscard]] const std::optional<std::uint64_t>& tie_breaker() const { return tie_breaker_; }
    // Adds what there is to show of the call to `out`, built in place: a status poll lists
    // every session.
    void append_info(std::vector<model::SessionInfo>& out) const;

  private:
    // incoming_call.cpp
    void answer_icrq(Time now);
    void on_icrp(const wire::ControlMessage& m, Time now);
    void on_iccn(const wire::ControlMessage& m, Time now);
    // outgoing_call.cpp
    void answer_ocrq(Time now);
    void on_ocrp(const wire::ControlMessage& m, Time now);
    void on_occn(Time now);

    // The one place a session's state changes.
    void transition(model::SessionState to);
    // A message this call does not expect in its state.
    void fail(wire::MessageType type, Time now);
    void on_cdn(const wire::ControlMessage& m);
    void notify(const wire::ControlMessage& m);
    void establish(Time now);
    // An answered call is counted setting up from its answer until it is up or ends.
    void stop_setting_up();
    // The peer's session ID, cookie and data requirements; false when they ended the call.
    bool learn_peer(const wire::ControlMessage& m, Time now);
    void add_session_ids(wire::MessageBuilder& b) const;
    void add_session_data_avps(wire::MessageBuilder& b) const;
    void add_connected_avps(wire::MessageBuilder& b) const;
    // Sends a message of this call; false when that cleared the connection and ended it.
    bool send(wire::MessageBuilder& b, Time now);
    [[nodiscard]] bool incoming() const {
        return params_.direction == model::CallDirection::kIncoming;
    }
    // RFC 2661 §2: the LNS answers incoming calls and places outgoing ones.
    [[nodiscard]] bool lns() const { return incoming() != initiator_; }

    CallLink& link_;
    std::uint32_t local_id_;
    std::uint32_t peer_id_ = 0;
    model::SessionState state_ = model::SessionState::kWaitReply;
    bool initiator_;
    bool ended_ = false;
    bool held_ = false;        // answer held: on the gate's list
    bool setting_up_ = false;  // answered, counted by the gate until up or ended
    model::SessionParams params_;
    Cookie cookie_;       // ours: the peer puts it on the data it sends us
    Cookie peer_cookie_;  // the peer's: we put it on our data
    // v3: what the peer requires on the data it receives, i.e. on ours (RFC 3931 §5.4.4).
    wire::L2SpecificSublayer peer_sublayer_ = wire::L2SpecificSublayer::kNone;
    bool peer_sequencing_ = false;
    std::optional<std::uint64_t> tie_breaker_;         // v3 Session Tie Breaker we sent
    model::ProxyPpp proxy_;                            // LNS: from the ICCN (RFC 2661 §4.4.5)
    Time setup_started_;                               // ICRQ / OCRQ sent or received
    std::optional<model::StartPpp> ppp_awaiting_ack_;  // LAC: until the ICCN / OCCN is acknowledged
};

}  // namespace l2tp::fsm
