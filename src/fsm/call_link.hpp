// What a call draws on from the control connection it runs on (RFC 2661 §7.4-7.5, RFC 3931
// §7.3-7.4): a way to send on the connection, the tunnel's IDs, profile and peer, and the
// engine's counters, actions and random source. Narrow on purpose: a call never sees the
// connection's set-up, authentication or reliable channel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fsm/setup_gate.hpp"
#include "l2tp/model/action.hpp"
#include "l2tp/model/engine_stats.hpp"
#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/model/tunnel_profile.hpp"
#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "l2tp/wire/random.hpp"
#include "l2tp/wire/result_code.hpp"

namespace l2tp::fsm {

using model::Time;

// The control connection as its calls use it; the tunnel implements it.
class CallChannel {
  public:
    // A builder for a message on this connection (its digest and AVP hiding).
    [[nodiscard]] virtual wire::MessageBuilder builder(wire::MessageType type) const = 0;
    [[nodiscard]] virtual wire::Visibility visibility(wire::AvpKey key) const = 0;
    // Sends a call message; `peer_session_id` is the v2 header's Session ID. Sending may
    // clear the whole connection (the peer keeps its window shut), and its calls with it.
    virtual void send_call_message(wire::MessageBuilder& b, Time now,
                                   std::uint32_t peer_session_id) = 0;
    // Call `local_id` is set up: timed now, or, when its last message is ours, once the peer
    // acknowledges that message; the call hears of it then (Call::on_last_message_acknowledged).
    virtual void call_set_up(std::uint32_t local_id, Time started, bool last_message_ours,
                             Time now) = 0;
    // Calls may be placed and closed: the connection is established (RFC 2661 §7.2).
    [[nodiscard]] virtual bool carries_calls() const = 0;

  protected:
    ~CallChannel() = default;
};

// References into the tunnel, which outlives its calls.
struct CallLink {
    CallChannel& channel;
    const model::TunnelProfile& profile;
    std::uint32_t tunnel_id;
    const std::uint32_t& peer_tunnel_id;  // set once the connection is
    const model::PeerEndpoint& peer;      // follows the tunnel when the peer moves (RFC 2661 §8.1)
    const std::string& peer_host_name;
    model::EngineStats& stats;
    std::vector<model::Action>& actions;
    wire::RandomSource& random;
    SetupGate& gate;  // the engine's: answered calls setting up, and those held

    [[nodiscard]] wire::ProtocolVersion version() const { return profile.version; }
    // The sender's Session ID in a call message: Assigned Session ID (v2) or Local Session ID
    // (v3); 0 when absent.
    [[nodiscard]] std::uint32_t peer_session_id_in(const wire::ControlMessage& m) const;
    // CDN (RFC 2661 §6.12, RFC 3931 §6.12) from our session `local_id` (0 when we have none)
    // to the peer's `peer_id`.
    void send_cdn(std::uint32_t local_id, std::uint32_t peer_id, wire::CdnResult result,
                  wire::GeneralError error, std::string_view text, Time now);
};

}  // namespace l2tp::fsm
