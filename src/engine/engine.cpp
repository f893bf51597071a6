#include "l2tp/engine/engine.hpp"

#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "fsm/id_allocation.hpp"
#include "fsm/session_registry.hpp"
#include "fsm/tunnel.hpp"
#include "l2tp/wire/header.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::engine {

using model::Action;
using model::ByVersion;
using model::CloseReason;
using model::EngineConfig;
using model::EngineStats;
using model::PeerEndpoint;
using model::PeerEndpointHash;
using model::PeerProfile;
using model::ReleaseTunnel;
using model::SendDatagram;
using model::SessionInfo;
using model::SessionParams;
using model::TunnelInfo;
using model::TunnelProfile;
using model::TunnelState;

namespace {

// Control messages reach the tunnels without the IP encapsulation's zero Session ID.
bool control_message_of(wire::Bytes packet, const PeerEndpoint& from, EngineStats& stats,
                        wire::ControlHeader& header, wire::Bytes& message) {
    const wire::PacketClass kind = wire::classify_packet(packet, from.encapsulation);
    if (kind.error != wire::WireError::kNone) {
        ++stats.malformed;
        return false;
    }
    if (kind.kind != wire::PacketKind::kControl) {
        ++stats.not_control;
        return false;
    }
    if (wire::decode_control_header(packet, from.encapsulation, header, message) !=
        wire::WireError::kNone) {
        ++stats.malformed;
        return false;
    }
    return true;
}

// The address a tie is looked for at: the port does not matter (RFC 2661 §4.4.3); a mark does,
// as clients behind one NAT that only their IPsec SA's marks tell apart are hosts of their own.
model::PeerEndpoint tie_key(model::PeerEndpoint peer) {
    peer.port = 0;
    return peer;
}

fsm::SetupGateLimits setup_gate_limits(const EngineConfig& config) {
    return {config.max_calls_setting_up, config.max_calls_held};
}

fsm::SessionLimits session_limits(const EngineConfig& config) {
    return fsm::SessionLimits{config.max_sessions, config.max_sessions_per_tunnel};
}

// The Message Type of a control message (the first AVP, never hidden), if it has one.
std::optional<wire::MessageType> message_type_of(wire::Bytes message) {
    wire::ControlMessage m;
    if (wire::decode_control_message(message, wire::Encapsulation::kUdp, {}, m) || m.is_zlb()) {
        return std::nullopt;
    }
    return m.type();
}

}  // namespace

// Everything an Engine holds. Its members carry out the Engine's calls, which forward here.
class Engine::Core {
  public:
    explicit Core(EngineConfig config);

    void on_datagram(wire::Bytes packet, const model::PeerEndpoint& from, model::Time now);
    void end_batch();
    std::optional<std::uint32_t> open_tunnel(const model::PeerEndpoint& to,
                                             const model::TunnelProfile& profile, model::Time now);
    bool close_tunnel(std::uint32_t tunnel_id, model::Time now, wire::StopCcnResult result,
                      wire::GeneralError error, std::string_view message);
    std::optional<std::uint32_t> place_call(std::uint32_t tunnel_id,
                                            const model::SessionParams& params, model::Time now);
    bool close_session(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now,
                       wire::CdnResult result, wire::GeneralError error, std::string_view message);
    void reconfigure(model::EngineConfig config);
    void on_timer(model::Time now);
    void session_up(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now);
    // Answers the held calls there is room for now (setup_gate.hpp): after every event that
    // may have ended a call or brought one up.
    void answer_held(model::Time now);

    [[nodiscard]] std::optional<model::Time> next_deadline() const;
    std::vector<model::Action> take_actions();

    [[nodiscard]] std::optional<model::TunnelInfo> tunnel(std::uint32_t tunnel_id) const;
    [[nodiscard]] std::vector<model::TunnelInfo> tunnels() const;
    [[nodiscard]] std::vector<model::SessionInfo> sessions(std::uint32_t tunnel_id) const;
    [[nodiscard]] model::ByVersion<SessionStateCounts> session_state_counts() const;
    [[nodiscard]] std::optional<control::ChannelProgress> channel_progress(
        std::uint32_t tunnel_id) const;

    fsm::Tunnel* find(std::uint32_t tunnel_id) const;
    const TunnelProfile* profile_for(const PeerEndpoint& from, wire::ProtocolVersion version,
                                     std::string_view host_name) const;
    void accept_sccrq(wire::Bytes message, const PeerEndpoint& from, wire::ProtocolVersion version,
                      model::Time now);
    std::optional<std::uint32_t> allocate_tunnel_id(wire::ProtocolVersion version) const;
    fsm::TunnelContext tunnel_context();
    // Re-files a tunnel's deadline after it was touched, and frees it once it is finished.
    void settle(fsm::Tunnel& tunnel);
    void forget_awaiting_reply(std::uint32_t tunnel_id);
    // A control message addressed to no tunnel of ours.
    void answer_stray(wire::Bytes message, const PeerEndpoint& from, wire::ProtocolVersion version,
                      model::Time now);

    EngineConfig config_;
    std::shared_ptr<wire::RandomSource> random_;  // never null
    EngineStats stats_;
    std::vector<Action> actions_;
    // The sessions of every tunnel (bounded by max_sessions), with the L2TPv3 Session IDs that
    // name a session across the whole LCCE (RFC 3931 §4.1). Outlives the tunnels.
    std::unique_ptr<fsm::SessionRegistry> sessions_;
    std::unique_ptr<fsm::SetupGate> gate_;  // outlives the tunnels, like sessions_
    std::unordered_map<std::uint32_t, std::unique_ptr<fsm::Tunnel>> tunnels_;
    // Deadlines of all tunnels, earliest first; each tunnel has at most one entry.
    std::set<std::pair<model::Time, std::uint32_t>> timers_;
    // Tunnels that owed an acknowledgement when last settled, for end_batch (may repeat).
    std::vector<std::uint32_t> owing_ack_;
    std::unordered_map<std::uint32_t, model::Time> filed_deadlines_;
    // Responder tunnels still setting up (bounded by max_half_open).
    std::unordered_set<std::uint32_t> half_open_;
    // How many of them each peer address (port 0) has (bounded by max_half_open_per_source).
    std::unordered_map<PeerEndpoint, std::size_t, PeerEndpointHash> half_open_by_source_;
    // StopCCNs answering stray SCCRPs, at most this many a second.
    static constexpr unsigned kStrayAnswersPerSecond = 10;
    model::Time stray_window_start_{};
    unsigned stray_answers_ = 0;
    // Responder tunnels by the SCCRQ that made them (peer, its Assigned ID, version): a
    // retransmitted SCCRQ finds its tunnel without a scan of every tunnel.
    struct SccrqKey {
        PeerEndpoint from;
        std::uint32_t peer_id = 0;
        wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
        friend bool operator==(const SccrqKey&, const SccrqKey&) = default;
    };
    struct SccrqKeyHash {
        std::size_t operator()(const SccrqKey& k) const;
    };
    std::unordered_map<SccrqKey, std::uint32_t, SccrqKeyHash> responders_;
    // Our SCCRQs awaiting an SCCRP, by the peer's address (any port, same encapsulation): the
    // candidates of a tie (RFC 2661 §4.4.3).
    std::unordered_multimap<PeerEndpoint, std::uint32_t, PeerEndpointHash> awaiting_reply_;
    std::unordered_map<std::uint32_t, PeerEndpoint> awaiting_reply_key_;
};

std::size_t Engine::Core::SccrqKeyHash::operator()(const SccrqKey& k) const {
    return PeerEndpointHash{}(k.from) * 31 + k.peer_id * 2 + static_cast<std::size_t>(k.version);
}

Engine::Core::Core(EngineConfig config)
    : config_(std::move(config)),
      // Without a source of its own the engine uses the process-wide one, which it does not own.
      random_(config_.random ? config_.random
                             : std::shared_ptr<wire::RandomSource>(std::shared_ptr<void>(),
                                                                   &wire::system_random())),
      sessions_(std::make_unique<fsm::SessionRegistry>(session_limits(config_))),
      gate_(std::make_unique<fsm::SetupGate>(setup_gate_limits(config_))) {}

void Engine::Core::reconfigure(EngineConfig config) {
    config_ = std::move(config);
    sessions_->set_limits(session_limits(config_));
    gate_->set_limits(setup_gate_limits(config_));
    // Tunnels keep their profile, but the pseudowires configured with their peer are what the
    // configuration says now: a reload adds and removes circuits without touching tunnels.
    for (auto& [id, t] : tunnels_) {
        const TunnelInfo info = t->info();
        if (const TunnelProfile* p = profile_for(info.peer, info.version, info.peer_host_name)) {
            t->set_pseudowires(p->configured_pseudowires, p->accept_unconfigured_pseudowires);
        }
    }
}

fsm::Tunnel* Engine::Core::find(std::uint32_t tunnel_id) const {
    const auto it = tunnels_.find(tunnel_id);
    return it == tunnels_.end() ? nullptr : it->second.get();
}

const TunnelProfile* Engine::Core::profile_for(const PeerEndpoint& from,
                                               wire::ProtocolVersion version,
                                               std::string_view host_name) const {
    for (const PeerProfile& peer : config_.peers) {
        if (peer.matches(from, version, host_name)) {
            return &peer.profile;
        }
    }
    const std::optional<TunnelProfile>& fallback =
        version == wire::ProtocolVersion::kV2 ? config_.accept_v2 : config_.accept_v3;
    return fallback ? &*fallback : nullptr;
}

std::optional<std::uint32_t> Engine::Core::allocate_tunnel_id(wire::ProtocolVersion version) const {
    // L2TPv2 Tunnel IDs have 16 bits (RFC 2661 §3.1), L2TPv3 Control Connection IDs 32.
    return fsm::allocate_id(
        version == wire::ProtocolVersion::kV2 ? 16 : 32,
        [&](std::uint32_t id) { return tunnels_.contains(id); }, *random_);
}

fsm::TunnelContext Engine::Core::tunnel_context() {
    return fsm::TunnelContext{stats_, actions_, *sessions_, *random_, *gate_};
}

std::optional<std::uint32_t> Engine::Core::open_tunnel(const PeerEndpoint& to,
                                                       const TunnelProfile& profile,
                                                       model::Time now) {
    const auto allocated =
        tunnels_.size() < config_.max_tunnels ? allocate_tunnel_id(profile.version) : std::nullopt;
    if (!allocated) {
        ++stats_.refused_tunnel_limit;
        return std::nullopt;
    }
    const std::uint32_t id = *allocated;
    auto tunnel =
        std::make_unique<fsm::Tunnel>(id, profile, to, fsm::Role::kInitiator, tunnel_context());
    fsm::Tunnel& t = *tunnel;
    tunnels_.emplace(id, std::move(tunnel));
    awaiting_reply_.emplace(tie_key(to), id);
    awaiting_reply_key_.emplace(id, tie_key(to));
    t.start(now);
    settle(t);
    return id;
}

bool Engine::Core::close_tunnel(std::uint32_t tunnel_id, model::Time now,
                                wire::StopCcnResult result, wire::GeneralError error,
                                std::string_view message) {
    fsm::Tunnel* t = find(tunnel_id);
    if (t == nullptr) {
        return false;
    }
    t->stop(result, error, message, CloseReason::kLocalRequest, now);
    settle(*t);
    return true;
}

void Engine::Core::on_datagram(wire::Bytes packet, const PeerEndpoint& from, model::Time now) {
    ++stats_.datagrams;
    wire::ControlHeader header;
    wire::Bytes message;
    if (!control_message_of(packet, from, stats_, header, message)) {
        return;
    }
    if (header.connection_id == 0) {
        // Only an SCCRQ may be addressed to no tunnel (RFC 2661 §3.1).
        return accept_sccrq(message, from, header.version, now);
    }
    fsm::Tunnel* t = find(header.connection_id);
    if (t == nullptr) {
        return answer_stray(message, from, header.version, now);
    }
    if (t->version() == header.version && !(t->peer() == from) &&
        t->state() == TunnelState::kWaitCtlReply && same_host(t->peer(), from) &&
        message_type_of(message) == wire::MessageType::kSccrp) {
        // RFC 2661 §8.1: a responder may answer from another port than the one our SCCRQ
        // went to; the initiator goes on with that port (xl2tpd-era LNSes do this).
        t->move_peer(from);
    }
    // A tunnel answers only its own peer in its own version: a spoofed source or a stale ID is
    // dropped.
    if (t->version() != header.version || !(t->peer() == from)) {
        ++stats_.unknown_tunnel;
        return;
    }
    t->on_message(message, now);
    settle(*t);
}

void Engine::Core::answer_stray(wire::Bytes message, const PeerEndpoint& from,
                                wire::ProtocolVersion version, model::Time now) {
    ++stats_.unknown_tunnel;
    wire::ControlMessage m;
    if (wire::decode_control_message(message, wire::Encapsulation::kUdp, {}, m) || m.is_zlb() ||
        m.type() != wire::MessageType::kSccrp) {
        return;
    }
    // An SCCRP for no SCCRQ of ours (a stale or forged one): StopCCN to the ID it assigned
    // (RFC 2661 §7.2.1), so the peer does not hold a half-made tunnel. Stateless, and at most
    // kStrayAnswersPerSecond, so that it cannot be turned into a reflector.
    ++stats_.stray_sccrp;
    if (now - stray_window_start_ >= std::chrono::seconds(1)) {
        stray_window_start_ = now;
        stray_answers_ = 0;
    }
    if (stray_answers_ >= kStrayAnswersPerSecond) {
        return;
    }
    ++stray_answers_;
    const wire::AvpKey id_key = version == wire::ProtocolVersion::kV2
                                    ? wire::avp::kAssignedTunnelId
                                    : wire::avp::kAssignedControlConnectionId;
    const auto peer_id = static_cast<std::uint32_t>(m.unsigned_value(id_key).value_or(0));
    wire::MessageBuilder b(version, wire::MessageType::kStopCcn);
    b.add_unsigned(id_key, 0).add_result_code(
        wire::ResultCodeValue{static_cast<std::uint16_t>(wire::StopCcnResult::kGeneralError),
                              static_cast<std::uint16_t>(wire::GeneralError::kNoControlConnection),
                              "no such control connection"});
    // Ns 0, and Nr acknowledging the SCCRP (RFC 2661 §5.8).
    const wire::BuiltMessage stop = b.finish(
        wire::ControlHeader{version, peer_id, 0, 0, static_cast<std::uint16_t>(m.header().ns + 1)});
    if (stop) {
        stats_.stopccn_sent.count(static_cast<std::uint16_t>(wire::StopCcnResult::kGeneralError));
        actions_.push_back(SendDatagram{from, 0, stop.bytes});
    }
}

void Engine::Core::accept_sccrq(wire::Bytes message, const PeerEndpoint& from,
                                wire::ProtocolVersion version, model::Time now) {
    // The Host Name is never hidden (RFC 2661 §4.4.3), so it can be read before the peer's
    // secret is known; it and the address choose the profile (and so the secret).
    wire::ControlMessage sccrq;
    (void)wire::decode_control_message(message, wire::Encapsulation::kUdp, {}, sccrq);
    const std::string host_name(sccrq.text(wire::avp::kHostName).value_or(""));
    const TunnelProfile* profile = profile_for(from, version, host_name);
    if (profile == nullptr) {
        ++stats_.refused_sccrq;
        return;
    }
    const wire::Bytes secret(reinterpret_cast<const std::uint8_t*>(profile->secret.data()),
                             profile->secret.size());
    const wire::DecodeError error = wire::decode_control_message(
        message, wire::Encapsulation::kUdp, wire::DecodeOptions{secret}, sccrq);
    if (error && error.action == wire::ErrorAction::kDrop) {
        ++stats_.malformed;  // e.g. no Message Type first (RFC 3931 §7.1: discarded)
        return;
    }
    if (sccrq.is_zlb() || sccrq.type() != wire::MessageType::kSccrq) {
        ++stats_.unknown_tunnel;
        return;
    }
    const wire::AvpKey id_key = version == wire::ProtocolVersion::kV2
                                    ? wire::avp::kAssignedTunnelId
                                    : wire::avp::kAssignedControlConnectionId;
    const auto peer_id = static_cast<std::uint32_t>(sccrq.unsigned_value(id_key).value_or(0));
    // A retransmitted SCCRQ belongs to the tunnel its first copy created: its channel acks it.
    const SccrqKey key{from, peer_id, version};
    if (const auto known = responders_.find(key); known != responders_.end() && peer_id != 0) {
        fsm::Tunnel& t = *find(known->second);
        t.on_message(message, now);
        settle(t);
        return;
    }
    // RFC 2661 §4.4.3: an SCCRQ crossing ours to the same peer; the lower Tie Breaker wins,
    // the loser silently discards its tunnel, equal values discard both.
    const auto theirs = sccrq.unsigned_value(wire::avp::kTieBreaker);
    const auto [first, last] = awaiting_reply_.equal_range(tie_key(from));
    for (auto it = first; it != last; ++it) {
        fsm::Tunnel& t = *find(it->second);
        if (t.version() != version || (!theirs && !t.tie_breaker())) {
            continue;
        }
        const auto& ours = t.tie_breaker();
        ++stats_.tie_breakers_lost;
        if (ours && theirs && *ours == *theirs) {
            t.discard(CloseReason::kTieBreakerLost);
            settle(t);
            return;
        }
        if (ours && (!theirs || *ours < *theirs)) {
            return;  // theirs lost: its SCCRQ is dropped here
        }
        t.discard(CloseReason::kTieBreakerLost);
        settle(t);  // invalidates `it`
        break;
    }
    if (half_open_.size() >= config_.max_half_open) {
        ++stats_.refused_half_open;
        return;
    }
    std::size_t& from_source = half_open_by_source_[tie_key(from)];
    if (from_source >= config_.max_half_open_per_source) {
        ++stats_.refused_half_open_source;
        return;
    }
    const auto allocated = allocate_tunnel_id(version);
    if (!allocated) {
        ++stats_.refused_tunnel_limit;  // every ID in use: nothing to answer from
        if (from_source == 0) {
            half_open_by_source_.erase(tie_key(from));
        }
        return;
    }
    const std::uint32_t id = *allocated;
    half_open_.insert(id);
    ++from_source;
    auto tunnel =
        std::make_unique<fsm::Tunnel>(id, *profile, from, fsm::Role::kResponder, tunnel_context());
    fsm::Tunnel& t = *tunnel;
    // Over max_tunnels the SCCRQ is still answered, with StopCCN Result 2 Error 4; the refused
    // tunnel lives on for its StopCCN's delivery, counted against max_half_open.
    if (tunnels_.size() >= config_.max_tunnels) {
        t.refuse_for_lack_of_resources();
    }
    tunnels_.emplace(id, std::move(tunnel));
    t.on_message(message, now);
    if (t.state() == TunnelState::kIdle) {
        t.abandon();  // the SCCRQ was dropped (bad digest): no state may stay behind
    } else if (peer_id != 0) {
        responders_.emplace(key, id);
    }
    settle(t);
}

void Engine::Core::forget_awaiting_reply(std::uint32_t id) {
    if (awaiting_reply_key_.empty()) {
        return;
    }
    const auto key = awaiting_reply_key_.find(id);
    if (key == awaiting_reply_key_.end()) {
        return;
    }
    const auto [first, last] = awaiting_reply_.equal_range(key->second);
    for (auto it = first; it != last; ++it) {
        if (it->second == id) {
            awaiting_reply_.erase(it);
            break;
        }
    }
    awaiting_reply_key_.erase(key);
}

void Engine::Core::settle(fsm::Tunnel& tunnel) {
    const std::uint32_t id = tunnel.id();
    if (const auto filed = filed_deadlines_.find(id); filed != filed_deadlines_.end()) {
        timers_.erase({filed->second, id});
        filed_deadlines_.erase(filed);
    }
    // A responder refused at set-up stays half-open while it closes: faulty SCCRQs cannot
    // grow state past max_half_open either.
    if ((tunnel.state() == TunnelState::kEstablished || tunnel.finished()) &&
        half_open_.erase(id) != 0) {
        const auto source = half_open_by_source_.find(tie_key(tunnel.peer()));
        if (source != half_open_by_source_.end() && --source->second == 0) {
            half_open_by_source_.erase(source);
        }
    }
    if (tunnel.state() != TunnelState::kWaitCtlReply || tunnel.finished()) {
        forget_awaiting_reply(id);
    }
    if (tunnel.finished()) {
        if (const auto r = responders_.find({tunnel.peer(), tunnel.peer_id(), tunnel.version()});
            r != responders_.end() && r->second == id) {
            responders_.erase(r);
        }
        if (!tunnel.abandoned()) {
            actions_.push_back(ReleaseTunnel{id});
        }
        tunnels_.erase(id);  // destroys `tunnel`
        return;
    }
    if (const auto at = tunnel.deadline()) {
        timers_.emplace(*at, id);
        filed_deadlines_.emplace(id, *at);
    }
    if (tunnel.ack_owed()) {
        owing_ack_.push_back(id);
    }
}

void Engine::Core::end_batch() {
    for (const std::uint32_t id : std::exchange(owing_ack_, {})) {
        if (fsm::Tunnel* t = find(id); t != nullptr && t->ack_owed()) {
            t->flush_acknowledgement();
        }
    }
}

void Engine::Core::on_timer(model::Time now) {
    while (!timers_.empty() && timers_.begin()->first <= now) {
        const std::uint32_t id = timers_.begin()->second;
        timers_.erase(timers_.begin());
        filed_deadlines_.erase(id);
        if (fsm::Tunnel* t = find(id)) {
            t->on_timer(now);
            settle(*t);
        }
    }
}

void Engine::Core::session_up(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now) {
    if (fsm::Tunnel* t = find(tunnel_id)) {
        t->session_up(session_id);
    }
    answer_held(now);
}

void Engine::Core::answer_held(model::Time now) {
    while (const auto next = gate_->take_next()) {
        if (fsm::Tunnel* t = find(next->tunnel_id)) {
            t->answer_held(next->session_id, now);
            settle(*t);
        }
    }
}

std::optional<model::Time> Engine::Core::next_deadline() const {
    if (timers_.empty()) {
        return std::nullopt;
    }
    return timers_.begin()->first;
}

std::vector<Action> Engine::Core::take_actions() {
    // Every datagram leaves through here: counted once, whichever tunnel (or none) made it.
    for (const Action& action : actions_) {
        if (const auto* send = std::get_if<SendDatagram>(&action)) {
            stats_.messages_sent.count(wire::peek_built_message_type(send->bytes));
        }
    }
    return std::exchange(actions_, {});
}

std::optional<TunnelInfo> Engine::Core::tunnel(std::uint32_t tunnel_id) const {
    const fsm::Tunnel* t = find(tunnel_id);
    return t == nullptr ? std::nullopt : std::optional<TunnelInfo>(t->info());
}

std::optional<std::uint32_t> Engine::Core::place_call(std::uint32_t tunnel_id,
                                                      const SessionParams& params,
                                                      model::Time now) {
    fsm::Tunnel* t = find(tunnel_id);
    if (t == nullptr) {
        return std::nullopt;
    }
    const auto id = t->place_call(params, now);
    settle(*t);
    return id;
}

bool Engine::Core::close_session(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now,
                                 wire::CdnResult result, wire::GeneralError error,
                                 std::string_view message) {
    fsm::Tunnel* t = find(tunnel_id);
    if (t == nullptr) {
        return false;
    }
    const bool closed = t->close_session(session_id, now, result, error, message);
    settle(*t);
    return closed;
}

std::vector<SessionInfo> Engine::Core::sessions(std::uint32_t tunnel_id) const {
    const fsm::Tunnel* t = find(tunnel_id);
    return t == nullptr ? std::vector<SessionInfo>{} : t->sessions();
}

ByVersion<Engine::SessionStateCounts> Engine::Core::session_state_counts() const {
    ByVersion<SessionStateCounts> out;
    for (const auto& [id, t] : tunnels_) {
        t->count_session_states(out[t->version()]);
    }
    return out;
}

std::optional<control::ChannelProgress> Engine::Core::channel_progress(
    std::uint32_t tunnel_id) const {
    const fsm::Tunnel* t = find(tunnel_id);
    return t == nullptr ? std::nullopt : std::optional(t->progress());
}

std::vector<TunnelInfo> Engine::Core::tunnels() const {
    std::vector<TunnelInfo> out;
    out.reserve(tunnels_.size());
    for (const auto& [id, t] : tunnels_) {
        out.push_back(t->info());
    }
    return out;
}

Engine::Engine(EngineConfig config) : core_(std::make_unique<Core>(std::move(config))) {}

Engine::~Engine() = default;

void Engine::on_datagram(wire::Bytes packet, const PeerEndpoint& from, model::Time now) {
    core_->on_datagram(packet, from, now);
    core_->answer_held(now);
}

void Engine::end_batch() {
    core_->end_batch();
}

std::optional<std::uint32_t> Engine::open_tunnel(const PeerEndpoint& to,
                                                 const TunnelProfile& profile, model::Time now) {
    return core_->open_tunnel(to, profile, now);
}

bool Engine::close_tunnel(std::uint32_t tunnel_id, model::Time now, wire::StopCcnResult result,
                          wire::GeneralError error, std::string_view message) {
    const bool closed = core_->close_tunnel(tunnel_id, now, result, error, message);
    core_->answer_held(now);
    return closed;
}

std::optional<std::uint32_t> Engine::place_call(std::uint32_t tunnel_id,
                                                const SessionParams& params, model::Time now) {
    return core_->place_call(tunnel_id, params, now);
}

bool Engine::close_session(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now,
                           wire::CdnResult result, wire::GeneralError error,
                           std::string_view message) {
    const bool closed = core_->close_session(tunnel_id, session_id, now, result, error, message);
    core_->answer_held(now);
    return closed;
}

void Engine::reconfigure(EngineConfig config) {
    core_->reconfigure(std::move(config));
}

void Engine::on_timer(model::Time now) {
    core_->on_timer(now);
    core_->answer_held(now);
}

void Engine::session_up(std::uint32_t tunnel_id, std::uint32_t session_id, model::Time now) {
    core_->session_up(tunnel_id, session_id, now);
}

std::optional<model::Time> Engine::next_deadline() const {
    return core_->next_deadline();
}

std::vector<Action> Engine::take_actions() {
    return core_->take_actions();
}

std::optional<TunnelInfo> Engine::tunnel(std::uint32_t tunnel_id) const {
    return core_->tunnel(tunnel_id);
}

std::vector<TunnelInfo> Engine::tunnels() const {
    return core_->tunnels();
}

std::vector<SessionInfo> Engine::sessions(std::uint32_t tunnel_id) const {
    return core_->sessions(tunnel_id);
}

ByVersion<Engine::SessionStateCounts> Engine::session_state_counts() const {
    return core_->session_state_counts();
}

std::optional<control::ChannelProgress> Engine::channel_progress(std::uint32_t tunnel_id) const {
    return core_->channel_progress(tunnel_id);
}

const EngineStats& Engine::stats() const {
    return core_->stats_;
}

}  // namespace l2tp::engine
