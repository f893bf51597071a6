// The RADIUS packet codes l2tpd sends or reads (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3).
#pragma once

#include <cstdint>
#include <string_view>

namespace l2tp::radius {

enum class PacketCode : std::uint8_t {
    kAccessRequest = 1,
    kAccessAccept = 2,
    kAccessReject = 3,
    kAccountingRequest = 4,
    kAccountingResponse = 5,
    kDisconnectRequest = 40,
    kDisconnectAck = 41,
    kDisconnectNak = 42,
    kCoaRequest = 43,
    kCoaAck = 44,
    kCoaNak = 45,
};

// The RFC's name ("Accounting-Request"), or "unknown" for a code not listed above.
std::string_view packet_code_name(PacketCode code);

}  // namespace l2tp::radius
