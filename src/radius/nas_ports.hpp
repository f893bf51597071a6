// NAS-Port numbers (RFC 2865 §5.5) for PPP sessions: each unique in the box while its session
// lives, the lowest free one first so that numbers stay small and are reused. The accounting
// relay finds a session by it in radius.so's Start.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

namespace l2tp::radius {

class NasPorts {
  public:
    // The lowest number not in use, from 1; nullopt when all 2^32 - 1 are (never in practice).
    std::optional<std::uint32_t> acquire();
    void release(std::uint32_t port);
    bool in_use(std::uint32_t port) const { return used_.contains(port); }

  private:
    std::set<std::uint32_t> used_;
};

}  // namespace l2tp::radius
