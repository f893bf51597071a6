#include "fsm/setup_gate.hpp"

#include <algorithm>

namespace l2tp::fsm {

void SetupGate::forget(std::uint32_t tunnel_id, std::uint32_t session_id) {
    const auto it = std::ranges::find_if(held_, [&](const HeldCall& c) {
        return c.tunnel_id == tunnel_id && c.session_id == session_id;
    });
    if (it != held_.end()) {
        held_.erase(it);
    }
}

std::optional<SetupGate::HeldCall> SetupGate::held_by_peer(std::uint32_t tunnel_id,
                                                           std::uint32_t peer_session_id) const {
    const auto it = std::ranges::find_if(held_, [&](const HeldCall& c) {
        return c.tunnel_id == tunnel_id && c.peer_session_id == peer_session_id;
    });
    return it == held_.end() ? std::nullopt : std::optional(*it);
}

std::optional<SetupGate::HeldCall> SetupGate::take_next() {
    if (held_.empty() || !has_room()) {
        return std::nullopt;
    }
    const HeldCall next = held_.front();
    held_.pop_front();
    return next;
}

}  // namespace l2tp::fsm
