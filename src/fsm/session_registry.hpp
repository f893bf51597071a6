// The sessions of every tunnel of one engine: how many there are against the engine-wide
// limits, and the L2TPv3 Session IDs, which name a session across the whole LCCE (RFC 3931
// §4.1) rather than within its tunnel. The engine owns one; every tunnel's call table admits
// and releases its sessions through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>

#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

struct SessionLimits {
    std::size_t max_sessions = 1000000;
    std::size_t max_sessions_per_tunnel = 65535;
};

class SessionRegistry {
  public:
    explicit SessionRegistry(SessionLimits limits) : limits_(limits) {}

    // A reload's new limits; sessions already admitted stay.
    void set_limits(SessionLimits limits) { limits_ = limits; }
    // Whether one more session fits, in a tunnel that has `tunnel_sessions` already.
    [[nodiscard]] bool admits(std::size_t tunnel_sessions) const {
        return count_ < limits_.max_sessions && tunnel_sessions < limits_.max_sessions_per_tunnel;
    }
    // A free L2TPv3 Session ID, now in use; nothing when the space is as good as full.
    std::optional<std::uint32_t> claim_v3_id(wire::RandomSource& random);
    // Counts an admitted session in and out; `v3_id` is released with it.
    void add() { ++count_; }
    void remove(std::optional<std::uint32_t> v3_id);
    [[nodiscard]] std::size_t count() const { return count_; }

  private:
    SessionLimits limits_;
    std::size_t count_ = 0;
    std::unordered_set<std::uint32_t> v3_ids_;
};

}  // namespace l2tp::fsm
