// What every call exchange has in common: the session a message is for, the IDs and data
// AVPs the messages carry, answering and placing calls, CDN, and the install / remove actions
// (RFC 2661 §7.3-7.4, RFC 3931 §7.3-7.4). The sessions themselves are in the call table.
#include <algorithm>

#include "fsm/tunnel.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

namespace {

using wire::MessageType;
using wire::ProtocolVersion;

// RFC 3931 §5.4.5 Circuit Status: A (active) and N (new) bits.
constexpr std::uint16_t kCircuitActiveNew = 0x0003;
// RFC 3931 §5.4.4 Data Sequencing: 2 = all packets.
constexpr std::uint16_t kSequenceAllPackets = 2;

// What a session keeps of a peer's free-form AVP: the length of a RADIUS attribute at most,
// so that a session's state stays small whatever the peer sends.
constexpr std::size_t kMaxKeptText = 253;

std::string bounded_text(const wire::ControlMessage& m, wire::AvpKey key) {
    return std::string(m.text(key).value_or("").substr(0, kMaxKeptText));
}

std::vector<std::uint8_t> bounded_octets(const wire::ControlMessage& m, wire::AvpKey key) {
    const wire::Bytes b = m.octets(key).value_or(wire::Bytes{});
    return {b.begin(), b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), kMaxKeptText))};
}

}  // namespace

// RFC 2661 §4.4.5: the proxy LCP and authentication AVPs of an ICCN, as the LAC sent them.
model::ProxyPpp Tunnel::proxy_ppp_in(const wire::ControlMessage& m) {
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

std::uint32_t Tunnel::peer_session_id_in(const wire::ControlMessage& m) const {
    const wire::AvpKey key = profile_.version == ProtocolVersion::kV2
                                 ? wire::avp::kAssignedSessionId
                                 : wire::avp::kLocalSessionId;
    return static_cast<std::uint32_t>(m.unsigned_value(key).value_or(0));
}

// v2 names the recipient's session in the header; v3 in the Remote Session ID AVP.
Session* Tunnel::session_for(const wire::ControlMessage& m) {
    const std::uint32_t id =
        profile_.version == ProtocolVersion::kV2
            ? m.header().session_id
            : static_cast<std::uint32_t>(m.unsigned_value(wire::avp::kRemoteSessionId).value_or(0));
    return calls_.find(id);
}

bool Tunnel::learn_peer_session(Session& s, const wire::ControlMessage& m, Time now) {
    s.peer_id = peer_session_id_in(m);
    calls_.answered(s.local_id);
    if (const auto cookie = m.octets(wire::avp::kAssignedCookie)) {
        s.peer_cookie.length = static_cast<std::uint8_t>(cookie->size());
        std::copy(cookie->begin(), cookie->end(), s.peer_cookie.octets.begin());
    }
    if (profile_.version == ProtocolVersion::kV2) {
        return true;
    }
    // RFC 3931 §5.4.4: what the peer requires on the data it receives. Absent AVPs mean no
    // sublayer and no sequencing.
    s.peer_sublayer = m.unsigned_value(wire::avp::kL2SpecificSublayer).value_or(0) == 1
                          ? wire::L2SpecificSublayer::kDefault
                          : wire::L2SpecificSublayer::kNone;
    s.peer_sequencing = m.unsigned_value(wire::avp::kDataSequencing).value_or(0) != 0;
    if (s.peer_sequencing && s.peer_sublayer == wire::L2SpecificSublayer::kNone) {
        // "If sequencing is requested without requesting a L2-Specific Sublayer AVP, the
        // session MUST be disconnected with a Result Code of 15."
        ++context_.stats.protocol_errors;
        clear_session(s.local_id, wire::CdnResult::kSequencingWithoutL2ss,
                      wire::GeneralError::kNone, "data sequencing without L2-Specific Sublayer",
                      now);
        return false;
    }
    return true;
}

void Tunnel::add_session_ids(wire::MessageBuilder& b, const Session& s) {
    if (profile_.version == ProtocolVersion::kV2) {
        b.add_unsigned(wire::avp::kAssignedSessionId, s.local_id,
                       visibility(wire::avp::kAssignedSessionId));
    } else {
        b.add_unsigned(wire::avp::kLocalSessionId, s.local_id)
            .add_unsigned(wire::avp::kRemoteSessionId, s.peer_id);
    }
}

// RFC 3931 §5.4.4-5.4.5: what a v3 ICRQ/ICRP/OCRQ/OCRP says about the data channel.
void Tunnel::add_session_data_avps(wire::MessageBuilder& b, const Session& s) {
    if (profile_.version == ProtocolVersion::kV2) {
        return;
    }
    b.add_unsigned(wire::avp::kCircuitStatus, kCircuitActiveNew);
    if (s.cookie.length != 0) {
        b.add_octets(wire::avp::kAssignedCookie, s.cookie.to_vector());
    }
    if (s.params.sublayer != wire::L2SpecificSublayer::kNone) {
        b.add_unsigned(wire::avp::kL2SpecificSublayer,
                       static_cast<std::uint16_t>(s.params.sublayer));
    }
    if (s.params.data_sequencing) {
        b.add_unsigned(wire::avp::kDataSequencing, kSequenceAllPackets);
    }
}

void Tunnel::establish_session(Session& s, Time now) {
    s.state = model::SessionState::kEstablished;
    ++context_.stats.sessions_established;
    // RFC 2661 §2: the LNS answers incoming calls and places outgoing ones; the LAC sends a
    // call's last message (ICCN, OCCN).
    const bool lns = (s.params.direction == model::CallDirection::kIncoming) != s.initiator;
    time_setup(true, s.setup_started, !lns, now);
    context_.actions.push_back(model::InstallSession{
        local_id_, s.local_id, s.peer_id, profile_.version, s.params.pseudowire_type,
        s.cookie.to_vector(), s.peer_cookie.to_vector(), s.params.sublayer,
        s.params.data_sequencing, s.params.remote_end_id, s.params.link, s.peer_sublayer,
        s.peer_sequencing});
    if (s.params.pseudowire_type == model::kPwPpp) {
        context_.actions.push_back(model::StartPpp{
            local_id_, s.local_id, peer_id_, s.peer_id, profile_.version, lns, peer_,
            peer_host_name_, profile_.name, s.params.calling_number, s.params.called_number});
    }
}

void Tunnel::send_cdn(std::uint32_t local_id, std::uint32_t peer_id, wire::CdnResult result,
                      wire::GeneralError error, std::string_view text, Time now) {
    // RFC 2661 §6.12: Result Code and our Assigned Session ID, to the peer's session;
    // RFC 3931 §6.12: Result Code with both Session IDs.
    wire::MessageBuilder b = builder(MessageType::kCdn);
    context_.stats.cdn_sent.count(static_cast<std::uint16_t>(result));
    const bool has_error = result == wire::CdnResult::kGeneralError;
    b.add_result_code(wire::ResultCodeValue{
        static_cast<std::uint16_t>(result),
        has_error ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(error)) : std::nullopt,
        text});
    if (profile_.version == ProtocolVersion::kV2) {
        b.add_unsigned(wire::avp::kAssignedSessionId, local_id,
                       visibility(wire::avp::kAssignedSessionId));
    } else {
        b.add_unsigned(wire::avp::kLocalSessionId, local_id)
            .add_unsigned(wire::avp::kRemoteSessionId, peer_id);
    }
    send(b, now, peer_id);
}

void Tunnel::clear_session(std::uint32_t local_id, wire::CdnResult result, wire::GeneralError error,
                           std::string_view text, Time now) {
    const Session* s = calls_.find(local_id);
    if (s == nullptr) {
        return;
    }
    send_cdn(local_id, s->peer_id, result, error, text, now);
    remove_session(local_id, false, static_cast<std::uint16_t>(result),
                   static_cast<std::uint16_t>(error), text);
}

void Tunnel::remove_session(std::uint32_t local_id, bool by_peer, std::uint16_t result,
                            std::uint16_t error, std::string_view text) {
    const std::optional<Session> removed = calls_.remove(local_id);
    if (!removed) {
        return;
    }
    if (removed->state == model::SessionState::kEstablished) {
        ++context_.stats.sessions_closed;
    } else {
        // Result 0 is no Result Code: the tunnel went, or the peer's CDN carried none.
        context_.stats.session_setup_failures[profile_.version].count(
            result == 0 ? std::nullopt : std::optional(result));
    }
    context_.actions.push_back(
        model::RemoveSession{local_id_, local_id, by_peer, result, error, std::string(text)});
}

void Tunnel::remove_all_sessions(std::string_view why) {
    while (const auto id = calls_.any()) {
        remove_session(*id, false, 0, 0, why);
    }
}

// A call not established within the allowance is cleared: RFC 2661 CDN Result 10 ("not
// established within time allotted"), RFC 3931 Result 16 ("FSM error or timeout").
void Tunnel::expire_pending_calls(Time now) {
    for (const std::uint32_t id : calls_.take_expired(now)) {
        clear_session(id,
                      profile_.version == ProtocolVersion::kV2 ? wire::CdnResult::kTimeout
                                                               : wire::CdnResult::kFsmError,
                      wire::GeneralError::kNone, "call set-up timed out", now);
    }
}

bool Tunnel::close_session(std::uint32_t session_id, Time now, wire::CdnResult result,
                           wire::GeneralError error, std::string_view message) {
    if (calls_.find(session_id) == nullptr || state_ != TunnelState::kEstablished) {
        return false;
    }
    clear_session(session_id, result, error, message, now);
    return true;
}

std::optional<std::uint32_t> Tunnel::place_call(const model::SessionParams& params, Time now) {
    if (state_ != TunnelState::kEstablished) {
        return std::nullopt;
    }
    Session* added = calls_.admit(params, true, now);
    if (added == nullptr) {
        ++context_.stats.refused_session_limit;
        return std::nullopt;
    }
    Session& s = *added;
    const bool incoming = params.direction == model::CallDirection::kIncoming;
    wire::MessageBuilder b = builder(incoming ? MessageType::kIcrq : MessageType::kOcrq);
    add_session_ids(b, s);
    b.add_unsigned(wire::avp::kCallSerialNumber, calls_.next_serial());
    if (profile_.version == ProtocolVersion::kV2) {
        if (!incoming) {
            // RFC 2661 §6.9: OCRQ names the call's speed range, bearer, framing and number.
            constexpr std::uint32_t kAnyBearerAnyFraming = 3;
            b.add_unsigned(wire::avp::kMinimumBps, 0)
                .add_unsigned(wire::avp::kMaximumBps, 0xffffffff)
                .add_unsigned(wire::avp::kBearerType, kAnyBearerAnyFraming)
                .add_unsigned(wire::avp::kFramingType, kAnyBearerAnyFraming)
                .add_text(wire::avp::kCalledNumber, params.called_number);
        } else {
            if (!params.called_number.empty()) {
                b.add_text(wire::avp::kCalledNumber, params.called_number);
            }
            if (!params.calling_number.empty()) {
                b.add_text(wire::avp::kCallingNumber, params.calling_number);
            }
        }
    } else {
        b.add_unsigned(wire::avp::kPseudowireType, params.pseudowire_type)
            .add_text(wire::avp::kRemoteEndId, params.remote_end_id);
        add_session_data_avps(b, s);
        if (profile_.tie_breaker) {
            std::uint64_t value = 0;
            context_.random.fill(
                wire::MutableBytes(reinterpret_cast<std::uint8_t*>(&value), sizeof value));
            s.tie_breaker = value;
            b.add_unsigned(wire::avp::kTieBreaker, value);
        }
    }
    s.state = model::SessionState::kWaitReply;
    if (profile_.version == ProtocolVersion::kV3) {
        calls_.await_answer(s.local_id);
    }
    const std::uint32_t id = s.local_id;
    send(b, now);
    return id;
}

// RFC 3931 §5.4.4 Session Tie Breaker: both LCCEs asked for a session on the same circuit (same
// End ID). The lower value wins and answers the losing request with CDN Result 13; equal
// values, or none on either side, lose on both sides (and the requests are made again). True
// when the peer's request is refused here.
bool Tunnel::refuse_on_call_tie(const wire::ControlMessage& m, const model::SessionParams& theirs,
                                std::uint32_t peer_session, Time now) {
    Session* ours = calls_.unanswered_call_to(theirs.remote_end_id);
    if (ours == nullptr) {
        return false;
    }
    const auto their_value = m.unsigned_value(wire::avp::kTieBreaker);
    const auto& our_value = ours->tie_breaker;
    const bool we_win = our_value && (!their_value || *our_value < *their_value);
    const bool they_win = their_value && (!our_value || *their_value < *our_value);
    if (they_win) {
        return false;  // the peer answers our request with CDN 13; we take theirs
    }
    send_cdn(0, peer_session, wire::CdnResult::kLostTieBreaker, wire::GeneralError::kNone,
             "session tie breaker", now);
    if (!we_win) {
        // Equal values: both requests die and are made again with fresh values. Neither side
        // sent one: both die for good.
        const model::SessionParams again = ours->params;
        const bool retry = our_value && their_value;
        clear_session(ours->local_id, wire::CdnResult::kLostTieBreaker, wire::GeneralError::kNone,
                      "session tie breaker", now);
        if (retry) {
            place_call(again, now);
        }
    }
    return true;
}

// What ICRQ and OCRQ have in common on the answering side: the peer's session ID, our call
// defaults, and for v3 the pseudowire type (CDN 14 if we do not offer it, RFC 3931 §5.4.2) and
// the session tie breaker. Nothing when the call is refused.
std::optional<model::SessionParams> Tunnel::accept_call(const wire::ControlMessage& m,
                                                        model::CallDirection direction, Time now) {
    const std::uint32_t peer_session = peer_session_id_in(m);
    if (peer_session == 0) {
        // RFC 2661 §4.4.4 / RFC 3931 §5.4.2: a call that cannot be accepted is answered with
        // CDN; an Assigned (Local) Session ID of 0 is a field value out of range, and the CDN
        // goes to session 0 since the caller named no other.
        ++context_.stats.protocol_errors;
        send_cdn(0, 0, wire::CdnResult::kGeneralError, wire::GeneralError::kOutOfRange,
                 "Assigned Session ID 0", now);
        return std::nullopt;
    }
    model::SessionParams params = profile_.accepted_calls;
    params.direction = direction;
    if (profile_.version == ProtocolVersion::kV3) {
        const auto type =
            static_cast<std::uint16_t>(m.unsigned_value(wire::avp::kPseudowireType).value_or(0));
        const std::string end_id(m.text(wire::avp::kRemoteEndId).value_or(""));
        const auto& offered = profile_.pseudowire_capabilities;
        if (std::find(offered.begin(), offered.end(), type) == offered.end()) {
            send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                     wire::GeneralError::kNone, "pseudowire type not offered", now);
            return std::nullopt;
        }
        const auto& configured = profile_.configured_pseudowires;
        const auto pw = std::find_if(configured.begin(), configured.end(),
                                     [&](const auto& p) { return p.remote_end_id == end_id; });
        if (pw != configured.end()) {
            if (pw->pseudowire_type != type) {
                send_cdn(0, peer_session, wire::CdnResult::kUnsupportedPwType,
                         wire::GeneralError::kNone,
                         "pseudowire type differs from the configured one", now);
                return std::nullopt;
            }
            params = *pw;
            params.direction = direction;
        } else if (!profile_.accept_unconfigured_pseudowires) {
            ++context_.stats.refused_unconfigured_pseudowire;
            send_cdn(0, peer_session, wire::CdnResult::kNoFacilitiesPermanent,
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
    return params;
}

Session* Tunnel::answer_call(const model::SessionParams& params, const wire::ControlMessage& m,
                             Time now) {
    Session* s = calls_.admit(params, false, now);
    if (s == nullptr) {
        ++context_.stats.refused_session_limit;
        // RFC 2661 §4.4.4 / RFC 3931 §5.4.2: CDN Result 4, temporary lack of facilities.
        send_cdn(0, peer_session_id_in(m), wire::CdnResult::kNoFacilitiesTemporary,
                 wire::GeneralError::kNone, "session limit reached", now);
        return nullptr;
    }
    return learn_peer_session(*s, m, now) ? s : nullptr;
}

// RFC 2661 §6.8, §6.11: ICCN and OCCN report the connect speed and framing of the call.
void Tunnel::add_connected_avps(wire::MessageBuilder& b) {
    constexpr std::uint32_t kTxConnectSpeed = 100'000'000;  // bits/s, informational
    constexpr std::uint32_t kFramingSync = 1;               // RFC 2661 §4.4.5 Framing Type
    b.add_unsigned(wire::avp::kTxConnectSpeed, kTxConnectSpeed,
                   visibility(wire::avp::kTxConnectSpeed))
        .add_unsigned(wire::avp::kFramingType, kFramingSync, visibility(wire::avp::kFramingType));
}

void Tunnel::handle_session_message(const control::ReceivedMessage& received, Time now) {
    const wire::ControlMessage& m = received.message;
    Session* s = session_for(m);
    if (received.error) {
        // RFC 3931 §5.2: a fatal fault in a session message clears that session with CDN.
        ++context_.stats.protocol_errors;
        const auto result = static_cast<wire::CdnResult>(received.error.result_code);
        const std::string_view text = wire::wire_error_name(received.error.code);
        if (s != nullptr) {
            clear_session(s->local_id, result, received.error.error_code, text, now);
        } else if (const std::uint32_t peer = peer_session_id_in(m); peer != 0) {
            send_cdn(0, peer, result, received.error.error_code, text, now);
        }
        return;
    }
    if (state_ != TunnelState::kEstablished) {
        ++context_.stats.protocol_errors;
        stop(wire::StopCcnResult::kFsmError, wire::GeneralError::kNone,
             "session message before the tunnel is established", model::CloseReason::kProtocolError,
             now);
        return;
    }
    const MessageType type = m.type();
    if (type == MessageType::kIcrq || type == MessageType::kOcrq) {
        return type == MessageType::kIcrq ? on_icrq(m, now) : on_ocrq(m, now);
    }
    if (s == nullptr) {
        ++context_.stats.unknown_session;  // e.g. a CDN crossing ours: nothing left to clear
        return;
    }
    const model::SessionState st = s->state;
    const bool incoming = s->params.direction == model::CallDirection::kIncoming;
    using model::SessionState;
    switch (type) {
        case MessageType::kIcrp:
            if (incoming && s->initiator && st == SessionState::kWaitReply) {
                return on_icrp(*s, m, now);
            }
            break;
        case MessageType::kIccn:
            if (incoming && !s->initiator && st == SessionState::kWaitConnect) {
                return on_iccn(*s, m, now);
            }
            break;
        case MessageType::kOcrp:
            if (!incoming && s->initiator && st == SessionState::kWaitReply) {
                return on_ocrp(*s, m, now);
            }
            break;
        case MessageType::kOccn:
            if (!incoming && s->initiator && st == SessionState::kWaitConnect) {
                return on_occn(*s, m, now);
            }
            break;
        case MessageType::kCdn:
            return on_cdn(*s, m);
        case MessageType::kWen:
        case MessageType::kSli:
            context_.actions.push_back(
                model::SessionNotice{local_id_, s->local_id, type,
                                     static_cast<std::uint16_t>(
                                         m.unsigned_value(wire::avp::kCircuitStatus).value_or(0))});
            return;
        default:
            break;
    }
    // A call message out of place: RFC 3931 §5.4.2 CDN Result 16 (FSM error); L2TPv2 has no
    // such code and uses General Error.
    ++context_.stats.protocol_errors;
    clear_session(s->local_id,
                  profile_.version == ProtocolVersion::kV3 ? wire::CdnResult::kFsmError
                                                           : wire::CdnResult::kGeneralError,
                  wire::GeneralError::kNone, wire::message_type_name(type), now);
}

void Tunnel::on_cdn(Session& s, const wire::ControlMessage& m) {
    std::uint16_t result = 0;
    std::uint16_t error = 0;
    std::string text;
    if (const auto octets = m.octets(wire::avp::kResultCode)) {
        if (const auto rc = wire::parse_result_code(*octets)) {
            result = rc->result;
            error = rc->error.value_or(0);
            text = std::string(rc->message);
        }
    }
    context_.stats.cdn_received.count(result == 0 ? std::nullopt : std::optional(result));
    remove_session(s.local_id, true, result, error, text);
}

void Tunnel::count_session_states(std::array<std::size_t, 3>& counts) const {
    for (const auto& [id, s] : calls_.sessions()) {
        ++counts[static_cast<std::size_t>(s.state)];
    }
}

std::vector<model::SessionInfo> Tunnel::sessions() const {
    std::vector<model::SessionInfo> out;
    out.reserve(calls_.size());
    for (const auto& [id, s] : calls_.sessions()) {
        out.push_back(model::SessionInfo{
            local_id_, id, s.peer_id, s.state, s.params.direction, s.initiator,
            s.params.pseudowire_type, s.params.remote_end_id, s.cookie.to_vector(),
            s.peer_cookie.to_vector(), s.params.sublayer, s.params.data_sequencing,
            s.params.calling_number, s.params.called_number, s.proxy});
    }
    return out;
}

}  // namespace l2tp::fsm
