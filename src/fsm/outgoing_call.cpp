// Outgoing call (RFC 2661 §7.4, RFC 3931 §7.4): the LNS sends OCRQ, the LAC answers OCRP, places
// the call and reports it with OCCN.
#include <algorithm>

#include "tunnel.hpp"

namespace l2tp::fsm {

namespace {

constexpr std::uint32_t kTxConnectSpeed = 100'000'000;  // bits/s, informational
constexpr std::uint32_t kFramingSync = 1;               // RFC 2661 §4.4.5 Framing Type

}  // namespace

// LAC side: an OCRQ asks us to place a call. There is no dial-up line behind l2tpd: the call is
// "connected" at once, so OCRP and OCCN go out together.
void Tunnel::on_ocrq(const wire::ControlMessage& m, Time now) {
    const std::uint32_t peer_session = peer_session_id_in(m);
    if (peer_session == 0) {
        ++context_.stats.protocol_errors;
        return;
    }
    engine::SessionParams params = profile_.accepted_calls;
    params.direction = engine::CallDirection::kOutgoing;
    if (profile_.version == wire::ProtocolVersion::kV3) {
        params.pseudowire_type =
            static_cast<std::uint16_t>(m.unsigned_value(wire::avp::kPseudowireType).value_or(0));
        params.remote_end_id = std::string(m.text(wire::avp::kRemoteEndId).value_or(""));
        const auto& offered = profile_.pseudowire_capabilities;
        if (std::find(offered.begin(), offered.end(), params.pseudowire_type) == offered.end()) {
            send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                     wire::GeneralError::kNone, "pseudowire type not offered", now);
            return;
        }
        if (refuse_on_call_tie(m, params, peer_session, now)) {
            return;
        }
    } else {
        params.called_number = std::string(m.text(wire::avp::kCalledNumber).value_or(""));
    }
    Session& s = add_session(params, false, now);
    learn_peer_session(s, m);
    wire::MessageBuilder reply = builder(wire::MessageType::kOcrp);
    add_session_ids(reply, s);
    add_session_data_avps(reply, s);
    send(reply, now, s.peer_id);

    wire::MessageBuilder connected = builder(wire::MessageType::kOccn);
    if (profile_.version == wire::ProtocolVersion::kV2) {
        connected
            .add_unsigned(wire::avp::kTxConnectSpeed, kTxConnectSpeed,
                          visibility(wire::avp::kTxConnectSpeed))
            .add_unsigned(wire::avp::kFramingType, kFramingSync,
                          visibility(wire::avp::kFramingType));
    } else {
        add_session_ids(connected, s);
    }
    send(connected, now, s.peer_id);
    establish_session(s);
}

// LNS side: the LAC accepted and is placing the call.
void Tunnel::on_ocrp(Session& s, const wire::ControlMessage& m) {
    learn_peer_session(s, m);
    s.state = engine::SessionState::kWaitConnect;
}

// LNS side: the call is connected.
void Tunnel::on_occn(Session& s, const wire::ControlMessage& /*m*/) {
    establish_session(s);
}

}  // namespace l2tp::fsm
