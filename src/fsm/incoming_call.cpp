// Incoming call (RFC 2661 §7.3, RFC 3931 §7.3): the LAC (or LCCE) sends ICRQ, the LNS answers
// ICRP, the LAC confirms with ICCN.
#include <algorithm>

#include "tunnel.hpp"

namespace l2tp::fsm {

namespace {

constexpr std::uint32_t kTxConnectSpeed = 100'000'000;  // bits/s, informational
constexpr std::uint32_t kFramingSync = 1;               // RFC 2661 §4.4.5 Framing Type

}  // namespace

// LNS side: an ICRQ opens a session and is answered with ICRP.
void Tunnel::on_icrq(const wire::ControlMessage& m, Time now) {
    const std::uint32_t peer_session = peer_session_id_in(m);
    if (peer_session == 0) {
        ++context_.stats.protocol_errors;
        return;  // no session to address a CDN to; the rules table makes this rare
    }
    engine::SessionParams params = profile_.accepted_calls;
    params.direction = engine::CallDirection::kIncoming;
    if (profile_.version == wire::ProtocolVersion::kV3) {
        params.pseudowire_type =
            static_cast<std::uint16_t>(m.unsigned_value(wire::avp::kPseudowireType).value_or(0));
        params.remote_end_id = std::string(m.text(wire::avp::kRemoteEndId).value_or(""));
        const auto& offered = profile_.pseudowire_capabilities;
        if (std::find(offered.begin(), offered.end(), params.pseudowire_type) == offered.end()) {
            // RFC 3931 §5.4.2: CDN Result 14, "unsupported PW type".
            send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                     wire::GeneralError::kNone, "pseudowire type not offered", now);
            return;
        }
        if (refuse_on_call_tie(m, params, peer_session, now)) {
            return;
        }
    }
    Session& s = add_session(params, false, now);
    learn_peer_session(s, m);
    wire::MessageBuilder b = builder(wire::MessageType::kIcrp);
    add_session_ids(b, s);
    add_session_data_avps(b, s);
    s.state = engine::SessionState::kWaitConnect;
    send(b, now, s.peer_id);
}

// LAC side: the ICRP names the LNS's session; ICCN completes the call.
void Tunnel::on_icrp(Session& s, const wire::ControlMessage& m, Time now) {
    learn_peer_session(s, m);
    wire::MessageBuilder b = builder(wire::MessageType::kIccn);
    if (profile_.version == wire::ProtocolVersion::kV2) {
        b.add_unsigned(wire::avp::kTxConnectSpeed, kTxConnectSpeed,
                       visibility(wire::avp::kTxConnectSpeed))
            .add_unsigned(wire::avp::kFramingType, kFramingSync,
                          visibility(wire::avp::kFramingType));
        if (s.params.data_sequencing) {
            b.add_empty(wire::avp::kSequencingRequired);
        }
    } else {
        add_session_ids(b, s);
    }
    send(b, now, s.peer_id);
    establish_session(s);
}

// LNS side: the ICCN completes the call.
void Tunnel::on_iccn(Session& s, const wire::ControlMessage& m) {
    if (m.has(wire::avp::kSequencingRequired)) {
        s.params.data_sequencing = true;  // RFC 2661 §4.4.6: the LAC asks for sequenced data
    }
    establish_session(s);
}

}  // namespace l2tp::fsm
