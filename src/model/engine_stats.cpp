#include "l2tp/model/engine_stats.hpp"

namespace l2tp::model {

std::string MessageTypeCounts::slot_name(std::size_t slot) {
    if (slot == kZlbSlot) {
        return "ZLB";
    }
    if (slot == kOtherSlot) {
        return "other";
    }
    const std::string_view name = wire::message_type_name(static_cast<wire::MessageType>(slot));
    return name.empty() ? std::to_string(slot) : std::string(name);
}

std::string ResultCodeCounts::slot_name(std::size_t slot) {
    if (slot == kOtherSlot) {
        return "other";
    }
    if (slot == kNoneSlot) {
        return "none";
    }
    return std::to_string(slot);
}

}  // namespace l2tp::model
