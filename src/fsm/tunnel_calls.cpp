#include "fsm/tunnel_calls.hpp"

namespace l2tp::fsm {

namespace {

using wire::MessageType;

}  // namespace

TunnelCalls::TunnelCalls(const CallLink& link, SessionRegistry& registry)
    : link_(link), table_(link_, registry) {}

void TunnelCalls::on_message(const control::ReceivedMessage& received, Time now) {
    const wire::ControlMessage& m = received.message;
    const std::uint32_t id =
        link_.version() == wire::ProtocolVersion::kV2
            ? m.header().session_id
            : static_cast<std::uint32_t>(m.unsigned_value(wire::avp::kRemoteSessionId).value_or(0));
    Call* call = table_.find(id);  // v2 names it in the header; v3 in Remote Session ID
    if (received.error) {
        // RFC 3931 §5.2: a fatal fault in a session message clears that session with CDN.
        ++link_.stats.protocol_errors;
        const auto result = static_cast<wire::CdnResult>(received.error.result_code);
        const std::string_view text = wire::wire_error_name(received.error.code);
        if (call != nullptr) {
            clear(id, result, received.error.error_code, text, now);
        } else if (const std::uint32_t peer = link_.peer_session_id_in(m); peer != 0) {
            link_.send_cdn(0, peer, result, received.error.error_code, text, now);
        }
        return;
    }
    const MessageType type = m.type();
    if (type == MessageType::kIcrq || type == MessageType::kOcrq) {
        return answer(m,
                      type == MessageType::kIcrq ? model::CallDirection::kIncoming
                                                 : model::CallDirection::kOutgoing,
                      now);
    }
    if (call == nullptr && type == MessageType::kCdn) {
        // The peer gives up a call we hold unanswered: its CDN names only its own session.
        if (const auto held =
                link_.gate.held_by_peer(link_.tunnel_id, link_.peer_session_id_in(m))) {
            call = table_.find(held->session_id);
        }
    }
    if (call == nullptr) {
        ++link_.stats.unknown_session;  // e.g. a CDN crossing ours: nothing left to clear
        return;
    }
    run(*call, [&](Call& c) { c.on_message(m, now); });
}

std::optional<std::uint32_t> TunnelCalls::place(const model::SessionParams& params, Time now) {
    if (!link_.channel.carries_calls()) {
        return std::nullopt;
    }
    Call* call = table_.admit(params, true, now);
    if (call == nullptr) {
        ++link_.stats.refused_session_limit;
        return std::nullopt;
    }
    const std::uint32_t id = call->local_id();
    if (link_.version() == wire::ProtocolVersion::kV3) {
        table_.await_answer(id);
    }
    const std::uint32_t serial = table_.next_serial();
    run(*call, [&](Call& c) { c.request(serial, now); });
    return id;
}

void TunnelCalls::last_message_acknowledged(std::uint32_t local_id) {
    if (Call* call = table_.find(local_id)) {
        call->on_last_message_acknowledged();
    }
}

void TunnelCalls::answer_held(std::uint32_t local_id, Time now) {
    if (Call* call = table_.find(local_id)) {
        run(*call, [&](Call& c) { c.answer_held(now); });
    }
}

void TunnelCalls::session_up(std::uint32_t local_id) {
    if (Call* call = table_.find(local_id)) {
        call->on_up();
    }
}

bool TunnelCalls::close(std::uint32_t local_id, Time now, wire::CdnResult result,
                        wire::GeneralError error, std::string_view text) {
    if (table_.find(local_id) == nullptr || !link_.channel.carries_calls()) {
        return false;
    }
    clear(local_id, result, error, text, now);
    return true;
}

void TunnelCalls::clear(std::uint32_t local_id, wire::CdnResult result, wire::GeneralError error,
                        std::string_view text, Time now) {
    if (Call* call = table_.find(local_id)) {
        run(*call, [&](Call& c) { c.clear(result, error, text, now); });
    }
}

// RFC 2661 §7.4-7.5: a call not established within the allowance is cleared: CDN Result 10
// ("not established within time allotted"); RFC 3931 Result 16 ("FSM error or timeout").
void TunnelCalls::expire(Time now) {
    for (const std::uint32_t id : table_.take_expired(now)) {
        clear(id,
              link_.version() == wire::ProtocolVersion::kV2 ? wire::CdnResult::kTimeout
                                                            : wire::CdnResult::kFsmError,
              wire::GeneralError::kNone, "call set-up timed out", now);
    }
}

void TunnelCalls::end_all(std::string_view why) {
    for (const std::uint32_t id : table_.ids()) {
        table_.find(id)->end(false, 0, 0, why);
        if (id != running_) {
            table_.remove(id);
        }
    }
}

std::vector<model::SessionInfo> TunnelCalls::sessions() const {
    std::vector<model::SessionInfo> out;
    out.reserve(table_.size());
    for (const auto& [id, call] : table_.calls()) {
        call.append_info(out);
    }
    return out;
}

void TunnelCalls::count_states(std::array<std::size_t, 3>& counts) const {
    for (const auto& [id, call] : table_.calls()) {
        ++counts[static_cast<std::size_t>(call.state())];
    }
}

}  // namespace l2tp::fsm
