#include "radius/nas_ports.hpp"

#include <limits>

namespace l2tp::radius {

std::optional<std::uint32_t> NasPorts::acquire() {
    // The first gap in the sorted set of ports in use.
    std::uint32_t candidate = 1;
    for (const std::uint32_t port : used_) {
        if (port != candidate) {
            break;
        }
        if (candidate == std::numeric_limits<std::uint32_t>::max()) {
            return std::nullopt;
        }
        ++candidate;
    }
    used_.insert(candidate);
    return candidate;
}

void NasPorts::release(std::uint32_t port) {
    used_.erase(port);
}

}  // namespace l2tp::radius
