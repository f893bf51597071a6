// What every call exchange shares: the state table that hands a message to its step, the one
// failure path, placing a call, the IDs and data AVPs the messages carry, CDN, and the
// install / remove actions (RFC 2661 §7.4-7.5, RFC 3931 §7.3-7.4).
#include "fsm/call.hpp"

#include <algorithm>

namespace l2tp::fsm {

namespace {

using model::SessionState;
using wire::MessageType;
using wire::ProtocolVersion;

// RFC 3931 §5.4.5 Circuit Status: A (active) and N (new) bits.
constexpr std::uint16_t kCircuitActiveNew = 0x0003;
// RFC 3931 §5.4.4 Data Sequencing: 2 = all packets.
constexpr std::uint16_t kSequenceAllPackets = 2;

}  // namespace

Call::Call(CallLink& link, std::uint32_t local_id, bool initiator,
           const model::SessionParams& params, Cookie cookie, Time now)
    : link_(link),
      local_id_(local_id),
      initiator_(initiator),
      params_(params),
      cookie_(cookie),
      setup_started_(now) {}

void Call::transition(SessionState to) {
    state_ = to;
}

// The state tables of RFC 2661 §7.4-7.5 and RFC 3931 §7.3-7.4, for the messages after the
// request: which step a message is in which role and state.
void Call::on_message(const wire::ControlMessage& m, Time now) {
    const MessageType type = m.type();
    const bool waiting_reply = state_ == SessionState::kWaitReply;
    const bool waiting_connect = state_ == SessionState::kWaitConnect;
    switch (type) {
        case MessageType::kIcrp:
            if (incoming() && initiator_ && waiting_reply) {
                return on_icrp(m, now);
            }
            break;
        case MessageType::kIccn:
            if (incoming() && !initiator_ && waiting_connect) {
                return on_iccn(m, now);
            }
            break;
        case MessageType::kOcrp:
            if (!incoming() && initiator_ && waiting_reply) {
                return on_ocrp(m, now);
            }
            break;
        case MessageType::kOccn:
            if (!incoming() && initiator_ && waiting_connect) {
                return on_occn(now);
            }
            break;
        case MessageType::kCdn:
            return on_cdn(m);
        case MessageType::kWen:
        case MessageType::kSli:
            return notify(m);
        default:
            break;
    }
    fail(type, now);
}

// A call message out of place: RFC 3931 §5.4.2 CDN Result 16 (FSM error); L2TPv2 has no such
// code and uses General Error.
void Call::fail(MessageType type, Time now) {
    ++link_.stats.protocol_errors;
    clear(link_.version() == ProtocolVersion::kV3 ? wire::CdnResult::kFsmError
                                                  : wire::CdnResult::kGeneralError,
          wire::GeneralError::kNone, wire::message_type_name(type), now);
}

void Call::request(std::uint32_t serial, Time now) {
    wire::MessageBuilder b =
        link_.channel.builder(incoming() ? MessageType::kIcrq : MessageType::kOcrq);
    add_session_ids(b);
    params_.call_serial = serial;
    b.add_unsigned(wire::avp::kCallSerialNumber, serial);
    if (link_.version() == ProtocolVersion::kV2) {
        if (!incoming()) {
            // RFC 2661 §6.9: OCRQ names the call's speed range, bearer, framing and number.
            constexpr std::uint32_t kAnyBearerAnyFraming = 3;
            b.add_unsigned(wire::avp::kMinimumBps, 0)
                .add_unsigned(wire::avp::kMaximumBps, 0xffffffff)
                .add_unsigned(wire::avp::kBearerType, kAnyBearerAnyFraming)
                .add_unsigned(wire::avp::kFramingType, kAnyBearerAnyFraming)
                .add_text(wire::avp::kCalledNumber, params_.called_number);
        } else {
            if (!params_.called_number.empty()) {
                b.add_text(wire::avp::kCalledNumber, params_.called_number);
            }
            if (!params_.calling_number.empty()) {
                b.add_text(wire::avp::kCallingNumber, params_.calling_number);
            }
        }
    } else {
        b.add_unsigned(wire::avp::kPseudowireType, params_.pseudowire_type)
            .add_text(wire::avp::kRemoteEndId, params_.remote_end_id);
        add_session_data_avps(b);
        if (link_.profile.tie_breaker) {
            std::uint64_t value = 0;
            link_.random.fill(
                wire::MutableBytes(reinterpret_cast<std::uint8_t*>(&value), sizeof value));
            tie_breaker_ = value;
            b.add_unsigned(wire::avp::kTieBreaker, value);
        }
    }
    // RFC 2661 §7.4.1 / §7.5.2: ICRQ or OCRQ sent, wait for the reply.
    transition(SessionState::kWaitReply);
    send(b, now);
}

void Call::answer(const wire::ControlMessage& request, Time now) {
    if (!learn_peer(request, now)) {
        return;
    }
    if (!link_.gate.open()) {
        // The request stays acknowledged and unanswered (RFC 2661 §5.8: acknowledging it says
        // it arrived, not that it is accepted) until set-ups under way come up or end.
        link_.gate.hold({link_.tunnel_id, local_id_, peer_id_});
        held_ = true;
        ++link_.stats.calls_held;
        return;
    }
    answer_held(now);
}

void Call::answer_held(Time now) {
    held_ = false;
    setting_up_ = true;
    link_.gate.setting_up();
    return incoming() ? answer_icrq(now) : answer_ocrq(now);
}

void Call::stop_setting_up() {
    if (setting_up_) {
        setting_up_ = false;
        link_.gate.set_up();
    }
}

bool Call::learn_peer(const wire::ControlMessage& m, Time now) {
    peer_id_ = link_.peer_session_id_in(m);
    if (const auto cookie = m.octets(wire::avp::kAssignedCookie)) {
        peer_cookie_.length = static_cast<std::uint8_t>(cookie->size());
        std::copy(cookie->begin(), cookie->end(), peer_cookie_.octets.begin());
    }
    if (link_.version() == ProtocolVersion::kV2) {
        return true;
    }
    // RFC 3931 §5.4.4: what the peer requires on the data it receives. Absent AVPs mean no
    // sublayer and no sequencing.
    peer_sublayer_ = m.unsigned_value(wire::avp::kL2SpecificSublayer).value_or(0) == 1
                         ? wire::L2SpecificSublayer::kDefault
                         : wire::L2SpecificSublayer::kNone;
    peer_sequencing_ = m.unsigned_value(wire::avp::kDataSequencing).value_or(0) != 0;
    if (peer_sequencing_ && peer_sublayer_ == wire::L2SpecificSublayer::kNone) {
        // "If sequencing is requested without requesting a L2-Specific Sublayer AVP, the
        // session MUST be disconnected with a Result Code of 15."
        ++link_.stats.protocol_errors;
        clear(wire::CdnResult::kSequencingWithoutL2ss, wire::GeneralError::kNone,
              "data sequencing without L2-Specific Sublayer", now);
        return false;
    }
    return true;
}

void Call::add_session_ids(wire::MessageBuilder& b) const {
    if (link_.version() == ProtocolVersion::kV2) {
        b.add_unsigned(wire::avp::kAssignedSessionId, local_id_,
                       link_.channel.visibility(wire::avp::kAssignedSessionId));
    } else {
        b.add_unsigned(wire::avp::kLocalSessionId, local_id_)
            .add_unsigned(wire::avp::kRemoteSessionId, peer_id_);
    }
}

// RFC 3931 §5.4.4-5.4.5: what a v3 ICRQ/ICRP/OCRQ/OCRP says about the data channel.
void Call::add_session_data_avps(wire::MessageBuilder& b) const {
    if (link_.version() == ProtocolVersion::kV2) {
        return;
    }
    b.add_unsigned(wire::avp::kCircuitStatus, kCircuitActiveNew);
    if (cookie_.length != 0) {
        b.add_octets(wire::avp::kAssignedCookie, cookie_.to_vector());
    }
    if (params_.sublayer != wire::L2SpecificSublayer::kNone) {
        b.add_unsigned(wire::avp::kL2SpecificSublayer,
                       static_cast<std::uint16_t>(params_.sublayer));
    }
    if (params_.data_sequencing) {
        b.add_unsigned(wire::avp::kDataSequencing, kSequenceAllPackets);
    }
}

// RFC 2661 §6.8, §6.11: ICCN and OCCN report the connect speed and framing of the call.
void Call::add_connected_avps(wire::MessageBuilder& b) const {
    constexpr std::uint32_t kTxConnectSpeed = 100'000'000;  // bits/s, informational
    constexpr std::uint32_t kFramingSync = 1;               // RFC 2661 §4.4.5 Framing Type
    b.add_unsigned(wire::avp::kTxConnectSpeed, kTxConnectSpeed,
                   link_.channel.visibility(wire::avp::kTxConnectSpeed))
        .add_unsigned(wire::avp::kFramingType, kFramingSync,
                      link_.channel.visibility(wire::avp::kFramingType));
}

bool Call::send(wire::MessageBuilder& b, Time now) {
    link_.channel.send_call_message(b, now, peer_id_);
    return !ended_;
}

void Call::establish(Time now) {
    transition(SessionState::kEstablished);
    ++link_.stats.sessions_established;
    // RFC 2661 §2: the LAC sends a call's last message (ICCN, OCCN).
    link_.channel.call_set_up(local_id_, setup_started_, !lns(), now);
    link_.actions.push_back(model::InstallSession{
        link_.tunnel_id, local_id_, peer_id_, link_.version(), params_.pseudowire_type,
        cookie_.to_vector(), peer_cookie_.to_vector(), params_.sublayer, params_.data_sequencing,
        params_.remote_end_id, params_.link, peer_sublayer_, peer_sequencing_});
    if (params_.pseudowire_type != model::kPwPpp) {
        stop_setting_up();  // its data flows once the kernel has the session
        return;
    }
    model::StartPpp start{link_.tunnel_id,
                          local_id_,
                          link_.peer_tunnel_id,
                          peer_id_,
                          link_.version(),
                          lns(),
                          link_.peer,
                          link_.peer_host_name,
                          link_.profile.name,
                          params_.calling_number,
                          params_.called_number,
                          params_.call_serial};
    if (lns()) {
        link_.actions.push_back(std::move(start));
        return;
    }
    // The LNS starts its pppd when it takes our ICCN (OCCN), which it has once it acknowledges
    // it (RFC 2661 §5.8); that can be long after we queued it when the window is full. A pppd of
    // ours started before sends LCP Configure-Requests that nothing reads, and sends them again
    // only 3 s later (RFC 1661 §4.6), so ours starts with the acknowledgement.
    ppp_awaiting_ack_ = std::move(start);
}

void Call::on_last_message_acknowledged() {
    if (ppp_awaiting_ack_ && !ended_) {
        link_.actions.push_back(std::move(*ppp_awaiting_ack_));
    }
    ppp_awaiting_ack_.reset();
}

void Call::clear(wire::CdnResult result, wire::GeneralError error, std::string_view text,
                 Time now) {
    link_.send_cdn(local_id_, peer_id_, result, error, text, now);
    end(false, static_cast<std::uint16_t>(result), static_cast<std::uint16_t>(error), text);
}

void Call::end(bool by_peer, std::uint16_t result, std::uint16_t error, std::string_view text) {
    if (ended_) {
        return;  // the connection went while this call sent its CDN
    }
    ended_ = true;
    stop_setting_up();
    if (held_) {
        link_.gate.forget(link_.tunnel_id, local_id_);
        held_ = false;
    }
    if (state_ == SessionState::kEstablished) {
        ++link_.stats.sessions_closed;
    } else {
        // Result 0 is no Result Code: the tunnel went, or the peer's CDN carried none.
        link_.stats.session_setup_failures[link_.version()].count(
            result == 0 ? std::nullopt : std::optional(result));
    }
    link_.actions.push_back(model::RemoveSession{link_.tunnel_id, local_id_, by_peer, result, error,
                                                 std::string(text)});
}

void Call::on_cdn(const wire::ControlMessage& m) {
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
    link_.stats.cdn_received.count(result == 0 ? std::nullopt : std::optional(result));
    end(true, result, error, text);
}

// WEN and SLI (RFC 2661 §6.13-6.14) and the Circuit Status they carry (RFC 3931 §5.4.5) go to the
// driver as they are.
void Call::notify(const wire::ControlMessage& m) {
    link_.actions.push_back(model::SessionNotice{
        link_.tunnel_id, local_id_, m.type(),
        static_cast<std::uint16_t>(m.unsigned_value(wire::avp::kCircuitStatus).value_or(0))});
}

void Call::append_info(std::vector<model::SessionInfo>& out) const {
    model::SessionInfo& info = out.emplace_back();
    info.tunnel_id = link_.tunnel_id;
    info.session_id = local_id_;
    info.peer_session_id = peer_id_;
    info.state = state_;
    info.direction = params_.direction;
    info.initiator = initiator_;
    info.pseudowire_type = params_.pseudowire_type;
    info.remote_end_id = params_.remote_end_id;
    info.cookie = cookie_.to_vector();
    info.peer_cookie = peer_cookie_.to_vector();
    info.sublayer = params_.sublayer;
    info.data_sequencing = params_.data_sequencing;
    info.calling_number = params_.calling_number;
    info.called_number = params_.called_number;
    info.proxy = proxy_;
}

}  // namespace l2tp::fsm
