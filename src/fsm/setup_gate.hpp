// Call admission at the pace the calls come up: how many of the calls the peers placed (ICRQ,
// OCRQ) are answered and not yet up, and the calls held unanswered meanwhile, first come first
// answered. An LNS whose pppds all start at once, hundreds on a few cores, brings them up
// slower together than a few at a time (docs/ppp.md, "Set-up rate"); a held call's request is
// acknowledged (RFC 2661 §5.8) and its reply waits. The engine owns one for all its tunnels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace l2tp::fsm {

struct SetupGateLimits {
    // Answered calls setting up at most; nothing: no limit, every call is answered at once.
    std::optional<std::size_t> max_setting_up = std::nullopt;
    // Calls held at most; a call beyond them is refused (CDN Result 4).
    std::size_t max_held = 1000;
};

class SetupGate {
  public:
    struct HeldCall {
        std::uint32_t tunnel_id = 0;
        std::uint32_t session_id = 0;       // ours
        std::uint32_t peer_session_id = 0;  // the peer's, which its CDN names
    };

    explicit SetupGate(SetupGateLimits limits) : limits_(limits) {}

    // A reload's new limits; calls held and setting up stay.
    void set_limits(SetupGateLimits limits) { limits_ = limits; }
    // Whether a new call is answered now: there is room, and no call held before it.
    [[nodiscard]] bool open() const { return held_.empty() && has_room(); }
    // Whether max_held calls are held: a new one is refused.
    [[nodiscard]] bool full() const { return held_.size() >= limits_.max_held; }
    // Holds a call until there is room (the caller checked full()).
    void hold(const HeldCall& call) { held_.push_back(call); }
    // A held call ended (the peer's CDN, its set-up timed out, the tunnel went).
    void forget(std::uint32_t tunnel_id, std::uint32_t session_id);
    // The held call the peer's session `peer_session_id` in `tunnel_id` placed, if any.
    [[nodiscard]] std::optional<HeldCall> held_by_peer(std::uint32_t tunnel_id,
                                                       std::uint32_t peer_session_id) const;
    // The next held call to answer, taken off the list, when there is room for it.
    std::optional<HeldCall> take_next();
    // An answered call starts or stops setting up.
    void setting_up() { ++setting_up_; }
    void set_up() { --setting_up_; }

  private:
    [[nodiscard]] bool has_room() const {
        return !limits_.max_setting_up || setting_up_ < *limits_.max_setting_up;
    }

    SetupGateLimits limits_;
    std::size_t setting_up_ = 0;
    std::deque<HeldCall> held_;  // bounded by max_held
};

}  // namespace l2tp::fsm
