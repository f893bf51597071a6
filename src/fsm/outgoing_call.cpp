// Outgoing call (RFC 2661 §7.4, RFC 3931 §7.4): the LNS sends OCRQ, the LAC answers OCRP, places
// the call and reports it with OCCN.
#include "fsm/tunnel.hpp"

namespace l2tp::fsm {

// LAC side: an OCRQ asks us to place a call. There is no dial-up line behind l2tpd: the call is
// "connected" at once, so OCRP and OCCN go out together.
void Tunnel::on_ocrq(const wire::ControlMessage& m, Time now) {
    auto params = accept_call(m, model::CallDirection::kOutgoing, now);
    if (!params) {
        return;
    }
    Session* answered = answer_call(*params, m, now);
    if (answered == nullptr) {
        return;
    }
    Session& s = *answered;
    wire::MessageBuilder reply = builder(wire::MessageType::kOcrp);
    add_session_ids(reply, s);
    add_session_data_avps(reply, s);
    send(reply, now, s.peer_id);

    wire::MessageBuilder connected = builder(wire::MessageType::kOccn);
    if (profile_.version == wire::ProtocolVersion::kV2) {
        add_connected_avps(connected);
    } else {
        add_session_ids(connected, s);
    }
    send(connected, now, s.peer_id);
    establish_session(s, now);
}

// LNS side: the LAC accepted and is placing the call.
void Tunnel::on_ocrp(Session& s, const wire::ControlMessage& m, Time now) {
    if (learn_peer_session(s, m, now)) {
        s.state = model::SessionState::kWaitConnect;
    }
}

// LNS side: the call is connected.
void Tunnel::on_occn(Session& s, const wire::ControlMessage& /*m*/, Time now) {
    establish_session(s, now);
}

}  // namespace l2tp::fsm
