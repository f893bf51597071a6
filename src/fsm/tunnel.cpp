#include "fsm/tunnel.hpp"

#include <algorithm>

#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

namespace {

using wire::MessageType;
using wire::avp::kAssignedControlConnectionId;
using wire::avp::kAssignedTunnelId;

constexpr std::uint32_t kFramingSyncAsync = 3;  // RFC 2661 §4.4.3 Framing Capabilities
constexpr std::uint16_t kFirmwareRevision = 0x0100;
constexpr std::string_view kVendorName = "l2tpd";

wire::Bytes text_bytes(const std::string& text) {
    return wire::Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

model::ChannelConfig channel_config(const model::TunnelProfile& profile) {
    model::ChannelConfig config = profile.channel;
    config.version = profile.version;
    // RFC 3931 §4.2 / §5.4.1: with digests on, acknowledgements must be ACK messages that can
    // carry one; a ZLB cannot.
    config.explicit_ack = profile.version == wire::ProtocolVersion::kV3 && profile.digest;
    config.digest = profile.digest;
    return config;
}

}  // namespace

Tunnel::Tunnel(std::uint32_t local_id, const model::TunnelProfile& profile,
               const model::PeerEndpoint& peer, Role role, TunnelContext context)
    : local_id_(local_id),
      profile_(profile),
      peer_(peer),
      role_(role),
      context_(context),
      channel_(channel_config(profile)),
      state_(role == Role::kInitiator ? TunnelState::kWaitCtlReply : TunnelState::kIdle),
      auth_(profile, context.random),
      calls_(CallLink{*this, profile_, local_id_, peer_id_, peer_, peer_host_name_, context.stats,
                      context.actions, context.random, context.gate},
             context.sessions) {
    channel_.set_sealer([this](wire::MutableBytes message) { auth_.seal(message); });
}

// --- sending -------------------------------------------------------------------------------

wire::Visibility Tunnel::visibility(wire::AvpKey key) const {
    const wire::AvpSpec* spec = wire::find_avp_spec(key);
    return profile_.hide_avps && !profile_.secret.empty() && spec != nullptr && spec->may_be_hidden
               ? wire::Visibility::kHidden
               : wire::Visibility::kClear;
}

wire::MessageBuilder Tunnel::builder(MessageType type) const {
    wire::MessageBuilder b(profile_.version, type);
    if (auth_.digesting()) {
        b.with_digest(auth_.digest_type());
    }
    if (profile_.hide_avps && !profile_.secret.empty()) {
        b.hide_with(text_bytes(profile_.secret), 0, context_.random);
    }
    return b;
}

// The AVPs that name this end in SCCRQ and SCCRP (RFC 2661 §6.1-6.2, RFC 3931 §6.1-6.2).
void Tunnel::add_identity(wire::MessageBuilder& b, MessageType type) {
    if (profile_.version == wire::ProtocolVersion::kV2) {
        b.add_protocol_version({1, 0})
            .add_unsigned(wire::avp::kFramingCapabilities, kFramingSyncAsync,
                          visibility(wire::avp::kFramingCapabilities))
            .add_text(wire::avp::kHostName, profile_.host_name)
            .add_unsigned(kAssignedTunnelId, local_id_, visibility(kAssignedTunnelId))
            .add_unsigned(wire::avp::kFirmwareRevision, kFirmwareRevision);
    } else {
        std::vector<std::uint8_t> capabilities;
        wire::ByteWriter w(capabilities);
        for (std::uint16_t pw : profile_.pseudowire_capabilities) {
            w.u16(pw);
        }
        b.add_text(wire::avp::kHostName, profile_.host_name)
            .add_unsigned(wire::avp::kRouterId, profile_.router_id)
            .add_unsigned(kAssignedControlConnectionId, local_id_,
                          visibility(kAssignedControlConnectionId))
            .add_octets(wire::avp::kPseudowireCapabilitiesList, capabilities);
        auth_.add_nonce(b);
    }
    b.add_unsigned(wire::avp::kReceiveWindowSize, profile_.channel.local_receive_window)
        .add_text(wire::avp::kVendorName, kVendorName, visibility(wire::avp::kVendorName));
    if (type == MessageType::kSccrq && tie_breaker_) {
        b.add_unsigned(wire::avp::kTieBreaker, *tie_breaker_);
    }
}

void Tunnel::send(wire::MessageBuilder& b, Time now, std::uint32_t header_session_id) {
    wire::BuiltMessage built = b.finish(wire::ControlHeader{
        profile_.version, peer_id_, static_cast<std::uint16_t>(header_session_id), 0, 0});
    if (!built) {
        // Our own message failed the rules table: a bug, never the peer's doing.
        ++context_.stats.protocol_errors;
        return;
    }
    if (!channel_.send(std::move(built.bytes), now)) {
        // The peer keeps its window shut while we have ever more to say: what waits is dropped
        // and the connection cleared (StopCCN Result 2, Error 4: insufficient resources).
        ++context_.stats.send_queue_overflows;
        channel_.discard_queued();
        stop(wire::StopCcnResult::kGeneralError, wire::GeneralError::kNoResources,
             "peer does not open its receive window", model::CloseReason::kNoResources, now);
    }
    flush();
}

void Tunnel::flush() {
    for (auto& bytes : channel_.take_transmissions()) {
        context_.actions.push_back(model::SendDatagram{peer_, local_id_, std::move(bytes)});
    }
}

// --- receiving -----------------------------------------------------------------------------

void Tunnel::start(Time now) {
    if (profile_.tie_breaker) {
        std::uint64_t value = 0;
        context_.random.fill(
            wire::MutableBytes(reinterpret_cast<std::uint8_t*>(&value), sizeof value));
        tie_breaker_ = value;
    }
    wire::MessageBuilder b = builder(MessageType::kSccrq);
    add_identity(b, MessageType::kSccrq);
    auth_.add_challenge(b);
    last_heard_ = now;
    setup_started_ = now;
    setup_until_ = now + profile_.setup_timeout;
    send(b, now);
}

void Tunnel::on_message(wire::Bytes message, Time now) {
    control::ReceivedMessage received;
    received.error = wire::decode_control_message(message, wire::Encapsulation::kUdp,
                                                  wire::DecodeOptions{text_bytes(profile_.secret)},
                                                  received.message);
    if (received.error && received.error.action == wire::ErrorAction::kDrop) {
        ++context_.stats.malformed;
        return;
    }
    // RFC 3931 §5.4.1: authenticity is checked before anything in the message is used.
    if (!auth_.authentic(message, received.message)) {
        ++context_.stats.bad_digest;
        return;
    }
    context_.stats.unknown_avps += received.message.unknown_avp_count();
    context_.stats.messages_received.count(
        received.message.is_zlb()
            ? std::nullopt
            : std::optional(static_cast<std::uint16_t>(received.message.type())));
    last_heard_ = now;
    const control::ReceiveVerdict verdict = channel_.receive(std::move(received), now);
    if (verdict == control::ReceiveVerdict::kBadNr) {
        ++context_.stats.malformed;
    }
    time_acknowledged_setups(now);
    for (control::ReceivedMessage& delivered : channel_.take_deliveries()) {
        handle(delivered, now);
    }
    flush();
}

void Tunnel::handle(control::ReceivedMessage& received, Time now) {
    if (state_ == TunnelState::kClosing) {
        return;  // only acknowledged while the hold period runs
    }
    const wire::DecodeError& error = received.error;
    if (error.action == wire::ErrorAction::kIgnoreMessage) {
        return;
    }
    if (error.action == wire::ErrorAction::kCdn ||
        (!error && received.message.rule()->scope == wire::MessageScope::kSession)) {
        if (!error && state_ != TunnelState::kEstablished) {
            ++context_.stats.protocol_errors;
            stop(wire::StopCcnResult::kFsmError, wire::GeneralError::kNone,
                 "session message before the tunnel is established",
                 model::CloseReason::kProtocolError, now);
            return;
        }
        return calls_.on_message(received, now);
    }
    if (error) {
        // A fatal fault in a control connection message: StopCCN. A faulty SCCRQ is still
        // answered at the ID it assigned.
        ++context_.stats.protocol_errors;
        if (state_ == TunnelState::kIdle) {
            peer_id_ =
                static_cast<std::uint32_t>(received.message.unsigned_value(id_avp()).value_or(0));
            channel_.set_peer_connection_id(peer_id_);
        }
        stop(wire::StopCcnResult::kGeneralError, error.error_code,
             wire::wire_error_name(error.code), model::CloseReason::kProtocolError, now);
        return;
    }
    const wire::ControlMessage& m = received.message;
    switch (m.type()) {
        case MessageType::kSccrq:
            if (state_ == TunnelState::kIdle) {
                return on_sccrq(m, now);
            }
            break;
        case MessageType::kSccrp:
            if (state_ == TunnelState::kWaitCtlReply) {
                return on_sccrp(m, now);
            }
            break;
        case MessageType::kScccn:
            if (state_ == TunnelState::kWaitCtlConn) {
                return on_scccn(m, now);
            }
            break;
        case MessageType::kStopCcn:
            calls_.end_all("peer sent StopCCN");
            on_stopccn(m);
            return enter_closing(now);
        case MessageType::kHello:
            if (state_ == TunnelState::kEstablished) {
                return;  // acknowledged by the channel; nothing else to do (RFC 2661 §6.5)
            }
            break;
        default:
            break;
    }
    // RFC 2661 §7.2, RFC 3931 §7.2: a message that is wrong in this state clears the
    // connection with "Finite state machine error".
    ++context_.stats.protocol_errors;
    stop(wire::StopCcnResult::kFsmError, wire::GeneralError::kNone,
         wire::message_type_name(m.type()), model::CloseReason::kProtocolError, now);
}

// The peer's IDs, window, name and authentication material from its SCCRQ or SCCRP.
bool Tunnel::learn_peer(const wire::ControlMessage& m, Time now) {
    peer_id_ = static_cast<std::uint32_t>(m.unsigned_value(id_avp()).value_or(0));
    channel_.set_peer_connection_id(peer_id_);
    if (const auto window = m.unsigned_value(wire::avp::kReceiveWindowSize)) {
        if (*window == 0) {
            // RFC 2661 §5.8: "A value of 0 for the Receive Window Size AVP is invalid."
            ++context_.stats.protocol_errors;
            stop(wire::StopCcnResult::kGeneralError, wire::GeneralError::kOutOfRange,
                 "Receive Window Size 0", model::CloseReason::kProtocolError, now);
            return false;
        }
        channel_.set_peer_window(static_cast<std::uint16_t>(*window));
    }
    peer_host_name_ = std::string(m.text(wire::avp::kHostName).value_or(""));
    const auto version = m.octets(wire::avp::kProtocolVersion);
    if (profile_.version == wire::ProtocolVersion::kV2 && version && !version->empty() &&
        (*version)[0] != 1) {
        // RFC 2661 §4.4.3: we speak version 1 revision 0 only; StopCCN Result 5 says so.
        stop(wire::StopCcnResult::kVersionNotSupported, wire::GeneralError::kNone,
             "protocol version not supported", model::CloseReason::kProtocolError, now);
        return false;
    }
    if (peer_id_ == 0) {
        // An Assigned Tunnel ID of 0 is reserved (RFC 2661 §3.1).
        ++context_.stats.protocol_errors;
        stop(wire::StopCcnResult::kGeneralError, wire::GeneralError::kOutOfRange,
             "Assigned Tunnel ID 0", model::CloseReason::kProtocolError, now);
        return false;
    }
    switch (auth_.learn_peer(m)) {
        case ControlAuthentication::PeerVerdict::kAccepted:
            break;
        case ControlAuthentication::PeerVerdict::kDigestTurnedOn:
            channel_.set_acknowledgement(true, auth_.digest_type());
            break;
        case ControlAuthentication::PeerVerdict::kChallengedWithoutSecret:
            ++context_.stats.auth_failures;
            stop(wire::StopCcnResult::kNotAuthorized, wire::GeneralError::kNone,
                 "challenged, but no secret is configured", model::CloseReason::kNotAuthorized,
                 now);
            return false;
        case ControlAuthentication::PeerVerdict::kNonceMissing:
            ++context_.stats.auth_failures;
            stop(wire::StopCcnResult::kNotAuthorized, wire::GeneralError::kNone,
                 "Control Message Authentication required", model::CloseReason::kNotAuthorized,
                 now);
            return false;
    }
    return true;
}

bool Tunnel::check_challenge_response(const wire::ControlMessage& m, MessageType carrier,
                                      Time now) {
    if (auth_.response_matches(m, carrier)) {
        return true;
    }
    // RFC 2661 §5.1.1: a wrong or missing response: "Requester is not authorized".
    ++context_.stats.auth_failures;
    stop(wire::StopCcnResult::kNotAuthorized, wire::GeneralError::kNone,
         "challenge response mismatch", model::CloseReason::kNotAuthorized, now);
    return false;
}

void Tunnel::on_sccrq(const wire::ControlMessage& m, Time now) {
    setup_started_ = now;
    setup_until_ = now + profile_.setup_timeout;
    if (const auto tb = m.unsigned_value(wire::avp::kTieBreaker)) {
        tie_breaker_ = *tb;  // remembered for the engine's duplicate check only
    }
    if (!learn_peer(m, now)) {
        return;
    }
    if (lacks_resources_) {
        ++context_.stats.refused_tunnel_limit;
        stop(wire::StopCcnResult::kGeneralError, wire::GeneralError::kNoResources,
             "too many tunnels", model::CloseReason::kNoResources, now);
        return;
    }
    wire::MessageBuilder b = builder(MessageType::kSccrp);
    add_identity(b, MessageType::kSccrp);
    auth_.add_response(b, MessageType::kSccrp, visibility(wire::avp::kChallengeResponse));
    auth_.add_challenge(b);
    transition(TunnelState::kWaitCtlConn);
    send(b, now);
}

void Tunnel::on_sccrp(const wire::ControlMessage& m, Time now) {
    if (!learn_peer(m, now) || !check_challenge_response(m, MessageType::kSccrp, now)) {
        return;
    }
    wire::MessageBuilder b = builder(MessageType::kScccn);
    auth_.add_response(b, MessageType::kScccn, visibility(wire::avp::kChallengeResponse));
    send(b, now);
    establish(now);
}

void Tunnel::on_scccn(const wire::ControlMessage& m, Time now) {
    if (check_challenge_response(m, MessageType::kScccn, now)) {
        establish(now);
    }
}

void Tunnel::on_stopccn(const wire::ControlMessage& m) {
    model::RemoveTunnel remove{local_id_, model::CloseReason::kPeerStopCcn, 0, 0, {}};
    std::optional<std::uint16_t> result;
    if (const auto octets = m.octets(wire::avp::kResultCode)) {
        if (const auto rc = wire::parse_result_code(*octets)) {
            result = rc->result;
            remove.result_code = rc->result;
            remove.error_code = rc->error.value_or(0);
            remove.message = std::string(rc->message);
        }
    }
    context_.stats.stopccn_received.count(result);
    if (state_ == TunnelState::kEstablished) {
        ++context_.stats.tunnels_closed;
    } else {
        count_setup_failure(result);
    }
    context_.actions.push_back(std::move(remove));
}

void Tunnel::establish(Time now) {
    transition(TunnelState::kEstablished);
    setup_until_.reset();
    ++context_.stats.tunnels_established;
    // RFC 2661 §7.2: the initiator's SCCCN ends the set-up.
    time_setup(std::nullopt, setup_started_, role_ == Role::kInitiator, now);
    context_.actions.push_back(
        model::InstallTunnel{local_id_, peer_id_, profile_.version, peer_, peer_host_name_});
}

// --- teardown and time ---------------------------------------------------------------------

void Tunnel::stop(wire::StopCcnResult result, wire::GeneralError error, std::string_view text,
                  model::CloseReason reason, Time now) {
    if (state_ == TunnelState::kClosing || finished_) {
        return;
    }
    // RFC 2661 §6.4: StopCCN carries our Assigned Tunnel ID and the Result Code.
    wire::MessageBuilder b = builder(MessageType::kStopCcn);
    if (profile_.version == wire::ProtocolVersion::kV2) {
        b.add_unsigned(kAssignedTunnelId, local_id_, visibility(kAssignedTunnelId));
    } else {
        b.add_unsigned(kAssignedControlConnectionId, local_id_);
    }
    // RFC 2661 §4.4.2: the Error Code follows Result 2 and, for Result 5, names the highest
    // version we support (1.0).
    std::optional<std::uint16_t> error_code;
    if (result == wire::StopCcnResult::kGeneralError) {
        error_code = static_cast<std::uint16_t>(error);
    } else if (result == wire::StopCcnResult::kVersionNotSupported) {
        error_code = 0x0100;
    }
    b.add_result_code(wire::ResultCodeValue{static_cast<std::uint16_t>(result), error_code, text});
    send(b, now);
    context_.stats.stopccn_sent.count(static_cast<std::uint16_t>(result));
    if (state_ == TunnelState::kEstablished) {
        ++context_.stats.tunnels_closed;
    } else {
        count_setup_failure(static_cast<std::uint16_t>(result));
    }
    calls_.end_all("tunnel closed");
    context_.actions.push_back(
        model::RemoveTunnel{local_id_, reason, static_cast<std::uint16_t>(result),
                            static_cast<std::uint16_t>(error), std::string(text)});
    enter_closing(now);
}

void Tunnel::time_setup(std::optional<std::uint32_t> session, Time started, bool last_message_ours,
                        Time now) {
    if (last_message_ours) {
        awaited_setups_.push_back(AwaitedSetup{channel_.progress().queued, started, session});
        return;
    }
    auto& latency =
        session ? context_.stats.session_setup_latency : context_.stats.tunnel_setup_latency;
    latency[profile_.version].observe(now - started);
}

void Tunnel::time_acknowledged_setups(Time now) {
    const std::uint64_t acknowledged = channel_.progress().acknowledged;
    std::vector<std::uint32_t> sessions;
    std::erase_if(awaited_setups_, [&](const AwaitedSetup& setup) {
        if (setup.message > acknowledged) {
            return false;
        }
        time_setup(setup.session, setup.started, false, now);
        if (setup.session) {
            sessions.push_back(*setup.session);
        }
        return true;
    });
    for (const std::uint32_t session : sessions) {
        calls_.last_message_acknowledged(session);
    }
}

void Tunnel::count_setup_failure(std::optional<std::uint16_t> result) {
    context_.stats.tunnel_setup_failures[profile_.version].count(result);
}

void Tunnel::discard(model::CloseReason reason) {
    calls_.end_all("tunnel discarded");
    context_.actions.push_back(model::RemoveTunnel{local_id_, reason, 0, 0, {}});
    finished_ = true;
}

void Tunnel::abandon() {
    finished_ = true;
    abandoned_ = true;
}

wire::AvpKey Tunnel::id_avp() const {
    return profile_.version == wire::ProtocolVersion::kV2 ? kAssignedTunnelId
                                                          : kAssignedControlConnectionId;
}

void Tunnel::enter_closing(Time now) {
    transition(TunnelState::kClosing);
    // RFC 2661 §5.8: state is kept for the full retransmission interval after the last
    // exchange, so that the StopCCN and its acknowledgement are delivered.
    hold_until_ = now + channel_.full_retransmission_interval();
}

void Tunnel::transition(TunnelState to) {
    state_ = to;
}

void Tunnel::on_timer(Time now) {
    const std::uint64_t retransmitted = channel_.retransmitted();
    channel_.on_timer(now);
    context_.stats.retransmissions += channel_.retransmitted() - retransmitted;
    if (channel_.failed()) {
        // RFC 2661 §5.8: no answer after the retries: the tunnel and its sessions are cleared.
        calls_.end_all("peer unreachable");
        if (state_ != TunnelState::kClosing) {
            if (state_ == TunnelState::kEstablished) {
                ++context_.stats.tunnels_closed;
            } else {
                count_setup_failure(std::nullopt);
            }
            context_.actions.push_back(model::RemoveTunnel{
                local_id_, model::CloseReason::kPeerUnreachable, 0, 0, "no response"});
        }
        finished_ = true;
        return;
    }
    if (hold_until_ && *hold_until_ <= now) {
        finished_ = true;
        return;
    }
    if (setup_until_ && *setup_until_ <= now && state_ != TunnelState::kClosing) {
        // Acknowledged but never completed (e.g. the SCCCN lost while later messages got
        // through): RFC 2661 §4.4.2 StopCCN Result 7, "Finite state machine error or timeout".
        setup_until_.reset();
        stop(wire::StopCcnResult::kFsmError, wire::GeneralError::kNone, "set-up timed out",
             model::CloseReason::kSetupTimeout, now);
        flush();
        return;
    }
    calls_.expire(now);
    const model::Duration hello = profile_.hello_interval;
    if (state_ == TunnelState::kEstablished && hello.count() > 0 &&
        std::max(last_heard_, last_hello_) + hello <= now) {
        // RFC 2661 §6.5: a HELLO after a period of silence; its reliable delivery is what
        // finds a dead peer.
        last_hello_ = now;
        wire::MessageBuilder b = builder(MessageType::kHello);
        send(b, now);
    }
    flush();
}

void Tunnel::flush_acknowledgement() {
    channel_.flush_acknowledgement();
    flush();
}

std::optional<Time> Tunnel::deadline() const {
    if (finished_) {
        return std::nullopt;
    }
    std::optional<Time> at = channel_.next_deadline();
    auto earliest = [&](Time t) { at = at ? std::min(*at, t) : t; };
    if (hold_until_) {
        earliest(*hold_until_);
    }
    if (setup_until_ && state_ != TunnelState::kClosing) {
        earliest(*setup_until_);
    }
    if (const auto expiry = calls_.next_expiry(); expiry && state_ == TunnelState::kEstablished) {
        earliest(*expiry);
    }
    if (state_ == TunnelState::kEstablished && profile_.hello_interval.count() > 0) {
        earliest(std::max(last_heard_, last_hello_) + profile_.hello_interval);
    }
    return at;
}

model::TunnelInfo Tunnel::info() const {
    return model::TunnelInfo{local_id_,
                             peer_id_,
                             profile_.version,
                             state_,
                             peer_,
                             peer_host_name_,
                             channel_.idle() && !channel_.ack_owed(),
                             calls_.size(),
                             channel_.queued(),
                             channel_.round_trip().smoothed(),
                             channel_.retransmit_timeout(0)};
}

}  // namespace l2tp::fsm
