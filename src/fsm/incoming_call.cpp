// Incoming call (RFC 2661 §7.4, RFC 3931 §7.3): the LAC (or LCCE) sends ICRQ, the LNS answers
// ICRP, the LAC confirms with ICCN. The LAC's ICRQ is Call::request (call.cpp).
#include "fsm/bounded_avp.hpp"
#include "fsm/call.hpp"

namespace l2tp::fsm {

namespace {

// RFC 2661 §4.4.5: the proxy LCP and authentication AVPs of an ICCN, as the LAC sent them.
model::ProxyPpp proxy_ppp_in(const wire::ControlMessage& m) {
    model::ProxyPpp p;
    p.initial_received_confreq = bounded_octets(m, wire::avp::kInitialReceivedLcpConfreq);
    p.last_sent_confreq = bounded_octets(m, wire::avp::kLastSentLcpConfreq);
    p.last_received_confreq = bounded_octets(m, wire::avp::kLastReceivedLcpConfreq);
    if (const auto type = m.unsigned_value(wire::avp::kProxyAuthenType)) {
        p.authen_type = static_cast<std::uint16_t>(*type);
    }
    p.authen_name = bounded_text(m, wire::avp::kProxyAuthenName);
    p.authen_challenge = bounded_octets(m, wire::avp::kProxyAuthenChallenge);
    // Proxy Authen ID: a reserved octet, then the ID.
    if (const auto id = m.octets(wire::avp::kProxyAuthenId); id && id->size() == 2) {
        p.authen_id = (*id)[1];
    }
    if (const auto response = m.octets(wire::avp::kProxyAuthenResponse)) {
        p.authen_response_length = response->size();
    }
    return p;
}

}  // namespace

// LNS side: the ICRQ opened the session; ICRP answers it.
void Call::answer_icrq(Time now) {
    wire::MessageBuilder b = link_.channel.builder(wire::MessageType::kIcrp);
    add_session_ids(b);
    add_session_data_avps(b);
    transition(model::SessionState::kWaitConnect);  // RFC 2661 §7.4.2: ICRQ acceptable
    send(b, now);
}

// LAC side: the ICRP names the LNS's session; ICCN completes the call.
void Call::on_icrp(const wire::ControlMessage& m, Time now) {
    if (!learn_peer(m, now)) {
        return;
    }
    wire::MessageBuilder b = link_.channel.builder(wire::MessageType::kIccn);
    if (link_.version() == wire::ProtocolVersion::kV2) {
        add_connected_avps(b);
        if (params_.data_sequencing) {
            b.add_empty(wire::avp::kSequencingRequired);
        }
    } else {
        add_session_ids(b);
    }
    if (send(b, now)) {
        establish(now);  // RFC 2661 §7.4.1: ICRP acceptable, ICCN sent
    }
}

// LNS side: the ICCN completes the call.
void Call::on_iccn(const wire::ControlMessage& m, Time now) {
    if (m.has(wire::avp::kSequencingRequired)) {
        params_.data_sequencing = true;  // RFC 2661 §4.4.6: the LAC asks for sequenced data
    }
    proxy_ = proxy_ppp_in(m);
    establish(now);  // RFC 2661 §7.4.2: ICCN acceptable
}

}  // namespace l2tp::fsm
