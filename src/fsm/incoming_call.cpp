// Incoming call (RFC 2661 §7.3, RFC 3931 §7.3): the LAC (or LCCE) sends ICRQ, the LNS answers
// ICRP, the LAC confirms with ICCN.
#include "fsm/tunnel.hpp"

namespace l2tp::fsm {

// LNS side: an ICRQ opens a session and is answered with ICRP.
void Tunnel::on_icrq(const wire::ControlMessage& m, Time now) {
    const auto params = accept_call(m, model::CallDirection::kIncoming, now);
    if (!params) {
        return;
    }
    Session* answered = answer_call(*params, m, now);
    if (answered == nullptr) {
        return;
    }
    Session& s = *answered;
    wire::MessageBuilder b = builder(wire::MessageType::kIcrp);
    add_session_ids(b, s);
    add_session_data_avps(b, s);
    s.state = model::SessionState::kWaitConnect;
    send(b, now, s.peer_id);
}

// LAC side: the ICRP names the LNS's session; ICCN completes the call.
void Tunnel::on_icrp(Session& s, const wire::ControlMessage& m, Time now) {
    if (!learn_peer_session(s, m, now)) {
        return;
    }
    wire::MessageBuilder b = builder(wire::MessageType::kIccn);
    if (profile_.version == wire::ProtocolVersion::kV2) {
        add_connected_avps(b);
        if (s.params.data_sequencing) {
            b.add_empty(wire::avp::kSequencingRequired);
        }
    } else {
        add_session_ids(b, s);
    }
    send(b, now, s.peer_id);
    establish_session(s, now);
}

// LNS side: the ICCN completes the call.
void Tunnel::on_iccn(Session& s, const wire::ControlMessage& m, Time now) {
    if (m.has(wire::avp::kSequencingRequired)) {
        s.params.data_sequencing = true;  // RFC 2661 §4.4.6: the LAC asks for sequenced data
    }
    s.proxy = proxy_ppp_in(m);
    establish_session(s, now);
}

}  // namespace l2tp::fsm
