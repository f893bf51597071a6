#include "fsm/session_registry.hpp"

#include "fsm/id_allocation.hpp"

namespace l2tp::fsm {

std::optional<std::uint32_t> SessionRegistry::claim_v3_id(wire::RandomSource& random) {
    const auto id = allocate_id(
        32, [&](std::uint32_t candidate) { return v3_ids_.contains(candidate); }, random);
    if (id) {
        v3_ids_.insert(*id);
    }
    return id;
}

void SessionRegistry::remove(std::optional<std::uint32_t> v3_id) {
    --count_;
    if (v3_id) {
        v3_ids_.erase(*v3_id);
    }
}

}  // namespace l2tp::fsm
