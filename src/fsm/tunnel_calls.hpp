// The call side of one control connection (RFC 2661 §7.4-7.5, RFC 3931 §7.3-7.4): it hands
// each session message to its call, answers the calls the peer places (call_admission.cpp),
// places and clears ours, and expires those not set up in time. The tunnel keeps the
// connection itself and reaches its calls only through here; the calls reach the tunnel only
// through the CallLink.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fsm/call_link.hpp"
#include "fsm/call_table.hpp"
#include "fsm/session_registry.hpp"
#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/tunnel_status.hpp"

namespace l2tp::fsm {

class TunnelCalls {
  public:
    TunnelCalls(const CallLink& link, SessionRegistry& registry);
    TunnelCalls(const TunnelCalls&) = delete;
    TunnelCalls& operator=(const TunnelCalls&) = delete;

    // A session message (or one whose fault calls for CDN) on an established connection.
    void on_message(const control::ReceivedMessage& received, Time now);
    // Our call: its local Session ID, or nothing when it cannot be placed now.
    std::optional<std::uint32_t> place(const model::SessionParams& params, Time now);
    // Clears one of our sessions with CDN; false when there is none (or no connection).
    bool close(std::uint32_t local_id, Time now, wire::CdnResult result, wire::GeneralError error,
               std::string_view text);
    // The peer acknowledged the last set-up message of call `local_id` (if it is still here).
    void last_message_acknowledged(std::uint32_t local_id);
    // Call `local_id`, held (setup_gate.hpp), is answered now.
    void answer_held(std::uint32_t local_id, Time now);
    // Call `local_id`'s PPP is up, or it needs no pppd: it no longer holds up held calls.
    void session_up(std::uint32_t local_id);
    // A call not established within the allowance is cleared.
    void expire(Time now);
    // The connection went: every call ends without a CDN.
    void end_all(std::string_view why);

    [[nodiscard]] std::optional<Time> next_expiry() const { return table_.next_expiry(); }
    [[nodiscard]] std::size_t size() const { return table_.size(); }
    [[nodiscard]] std::vector<model::SessionInfo> sessions() const;
    // Adds the calls to `counts`, indexed by SessionState.
    void count_states(std::array<std::size_t, 3>& counts) const;

  private:
    // call_admission.cpp: a call the peer placed with an ICRQ or OCRQ.
    void answer(const wire::ControlMessage& m, model::CallDirection direction, Time now);
    std::optional<model::SessionParams> accept(const wire::ControlMessage& m,
                                               model::CallDirection direction, Time now);
    bool refuse_on_call_tie(const wire::ControlMessage& m, const model::SessionParams& theirs,
                            std::uint32_t peer_session, Time now);

    // Runs one step of `call`; then drops the call if it ended, and takes it off the
    // unanswered ones once it has its answer. `call` may be destroyed.
    template <typename Step>
    void run(Call& call, const Step& step) {
        const std::uint32_t id = call.local_id();
        const std::uint32_t outer = running_;
        running_ = id;
        step(call);
        running_ = outer;
        if (call.ended()) {
            table_.remove(id);
        } else if (call.state() != model::SessionState::kWaitReply) {
            table_.answered(id);
        }
    }
    void clear(std::uint32_t local_id, wire::CdnResult result, wire::GeneralError error,
               std::string_view text, Time now);

    CallLink link_;
    CallTable table_;
    // The call whose step runs now: if the connection goes during it (its message overflowed
    // the send queue), end_all ends it but leaves it to run() to destroy.
    std::uint32_t running_ = 0;
};

}  // namespace l2tp::fsm
