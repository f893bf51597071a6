// Outgoing call (RFC 2661 §7.5, RFC 3931 §7.4): the LNS sends OCRQ, the LAC answers OCRP, places
// the call and reports it with OCCN. The LNS's OCRQ is Call::request (call.cpp).
#include "fsm/call.hpp"

namespace l2tp::fsm {

// LAC side: the OCRQ asks us to place a call. There is no dial-up line behind l2tpd: the call
// is "connected" at once, so OCRP and OCCN go out together.
void Call::answer_ocrq(Time now) {
    wire::MessageBuilder reply = link_.channel.builder(wire::MessageType::kOcrp);
    add_session_ids(reply);
    add_session_data_avps(reply);
    if (!send(reply, now)) {
        return;
    }
    wire::MessageBuilder connected = link_.channel.builder(wire::MessageType::kOccn);
    if (link_.version() == wire::ProtocolVersion::kV2) {
        add_connected_avps(connected);
    } else {
        add_session_ids(connected);
    }
    if (send(connected, now)) {
        establish(now);  // RFC 2661 §7.5.1: bearer answer, OCCN sent
    }
}

// LNS side: the LAC accepted and is placing the call.
void Call::on_ocrp(const wire::ControlMessage& m, Time now) {
    if (learn_peer(m, now)) {
        transition(model::SessionState::kWaitConnect);  // RFC 2661 §7.5.2: OCRP acceptable
    }
}

// LNS side: the call is connected.
void Call::on_occn(Time now) {
    establish(now);  // RFC 2661 §7.5.2: OCCN received
}

}  // namespace l2tp::fsm
