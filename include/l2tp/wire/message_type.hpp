// Control message types (RFC 2661 §3.2, RFC 3931 §3.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace l2tp::wire {

enum class MessageType : std::uint16_t {
    kSccrq = 1,
    kSccrp = 2,
    kScccn = 3,
    kStopCcn = 4,
    kHello = 6,
    kOcrq = 7,
    kOcrp = 8,
    kOccn = 9,
    kIcrq = 10,
    kIcrp = 11,
    kIccn = 12,
    kCdn = 14,
    kWen = 15,
    kSli = 16,
    kAck = 20,  // RFC 3931 only
};

// The RFC's abbreviation ("SCCRQ"), or an empty view for a value this library does not know.
std::string_view message_type_name(MessageType type);

}  // namespace l2tp::wire
