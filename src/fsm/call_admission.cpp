// Answering a call the peer places (ICRQ, OCRQ): whether we take it (RFC 2661 §7.4.2 and
// §7.5.1 "acceptable", RFC 3931 §5.4.2 pseudowire type, §5.4.4 session tie breaker) and, if so,
// the call that answers it.
#include <algorithm>
#include <string>

#include "fsm/bounded_avp.hpp"
#include "fsm/tunnel_calls.hpp"

namespace l2tp::fsm {

void TunnelCalls::answer(const wire::ControlMessage& m, model::CallDirection direction, Time now) {
    const auto params = accept(m, direction, now);
    if (!params) {
        return;
    }
    if (!link_.gate.open() && link_.gate.full()) {
        ++link_.stats.refused_calls_held;
        // RFC 2661 §4.4.4 / RFC 3931 §5.4.2: CDN Result 4, temporary lack of facilities.
        link_.send_cdn(0, link_.peer_session_id_in(m), wire::CdnResult::kNoFacilitiesTemporary,
                       wire::GeneralError::kNone, "too many calls setting up", now);
        return;
    }
    Call* call = table_.admit(*params, false, now);
    if (call == nullptr) {
        ++link_.stats.refused_session_limit;
        // RFC 2661 §4.4.4 / RFC 3931 §5.4.2: CDN Result 4, temporary lack of facilities.
        link_.send_cdn(0, link_.peer_session_id_in(m), wire::CdnResult::kNoFacilitiesTemporary,
                       wire::GeneralError::kNone, "session limit reached", now);
        return;
    }
    run(*call, [&](Call& c) { c.answer(m, now); });
}

// What ICRQ and OCRQ have in common on the answering side: the peer's session ID, our call
// defaults, and for v3 the pseudowire type (CDN 14 if we do not offer it, RFC 3931 §5.4.2) and
// the session tie breaker. Nothing when the call is refused.
std::optional<model::SessionParams> TunnelCalls::accept(const wire::ControlMessage& m,
                                                        model::CallDirection direction, Time now) {
    const std::uint32_t peer_session = link_.peer_session_id_in(m);
    if (peer_session == 0) {
        // RFC 2661 §4.4.4 / RFC 3931 §5.4.2: a call that cannot be accepted is answered with
        // CDN; an Assigned (Local) Session ID of 0 is a field value out of range, and the CDN
        // goes to session 0 since the caller named no other.
        ++link_.stats.protocol_errors;
        link_.send_cdn(0, 0, wire::CdnResult::kGeneralError, wire::GeneralError::kOutOfRange,
                       "Assigned Session ID 0", now);
        return std::nullopt;
    }
    const model::TunnelProfile& profile = link_.profile;
    model::SessionParams params = profile.accepted_calls;
    params.direction = direction;
    if (profile.version == wire::ProtocolVersion::kV3) {
        const auto type =
            static_cast<std::uint16_t>(m.unsigned_value(wire::avp::kPseudowireType).value_or(0));
        const std::string end_id(m.text(wire::avp::kRemoteEndId).value_or(""));
        const auto& offered = profile.pseudowire_capabilities;
        if (std::find(offered.begin(), offered.end(), type) == offered.end()) {
            link_.send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                           wire::GeneralError::kNone, "pseudowire type not offered", now);
            return std::nullopt;
        }
        const auto& configured = profile.configured_pseudowires;
        const auto pw = std::find_if(configured.begin(), configured.end(),
                                     [&](const auto& p) { return p.remote_end_id == end_id; });
        if (pw != configured.end()) {
            if (pw->pseudowire_type != type) {
                link_.send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                               wire::GeneralError::kNone,
                               "pseudowire type differs from the configured one", now);
                return std::nullopt;
            }
            params = *pw;
            params.direction = direction;
        } else if (!profile.accept_unconfigured_pseudowires) {
            ++link_.stats.refused_unconfigured_pseudowire;
            link_.send_cdn(0, peer_session, wire::CdnResult::kNoFacilitiesPermanent,
                           wire::GeneralError::kNone, "no such pseudowire", now);
            return std::nullopt;
        }
        params.pseudowire_type = type;
        params.remote_end_id = end_id;
        if (refuse_on_call_tie(m, params, peer_session, now)) {
            return std::nullopt;
        }
    }
    // RFC 2661 §6.6 / §6.10: who called whom, as the peer says; kept for pppd and shown.
    params.called_number = bounded_text(m, wire::avp::kCalledNumber);
    params.calling_number = bounded_text(m, wire::avp::kCallingNumber);
    params.call_serial =
        static_cast<std::uint32_t>(m.unsigned_value(wire::avp::kCallSerialNumber).value_or(0));
    return params;
}

// RFC 3931 §5.4.4 Session Tie Breaker: both LCCEs asked for a session on the same circuit (same
// End ID). The lower value wins and answers the losing request with CDN Result 13; equal
// values, or none on either side, lose on both sides (and the requests are made again). True
// when the peer's request is refused here.
bool TunnelCalls::refuse_on_call_tie(const wire::ControlMessage& m,
                                     const model::SessionParams& theirs, std::uint32_t peer_session,
                                     Time now) {
    const Call* ours = table_.unanswered_call_to(theirs.remote_end_id);
    if (ours == nullptr) {
        return false;
    }
    const auto their_value = m.unsigned_value(wire::avp::kTieBreaker);
    const auto our_value = ours->tie_breaker();
    const bool we_win = our_value && (!their_value || *our_value < *their_value);
    const bool they_win = their_value && (!our_value || *their_value < *our_value);
    if (they_win) {
        return false;  // the peer answers our request with CDN 13; we take theirs
    }
    // Kept before sending: a CDN that clears the connection takes our call with it.
    const std::uint32_t our_id = ours->local_id();
    const model::SessionParams again = ours->params();
    link_.send_cdn(0, peer_session, wire::CdnResult::kLostTieBreaker, wire::GeneralError::kNone,
                   "session tie breaker", now);
    if (!we_win) {
        // Equal values: both requests die and are made again with fresh values. Neither side
        // sent one: both die for good.
        clear(our_id, wire::CdnResult::kLostTieBreaker, wire::GeneralError::kNone,
              "session tie breaker", now);
        if (our_value && their_value) {
            place(again, now);
        }
    }
    return true;
}

}  // namespace l2tp::fsm
