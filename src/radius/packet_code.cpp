#include "radius/packet_code.hpp"

namespace l2tp::radius {

std::string_view packet_code_name(PacketCode code) {
    switch (code) {
        case PacketCode::kAccessRequest:
            return "Access-Request";
        case PacketCode::kAccessAccept:
            return "Access-Accept";
        case PacketCode::kAccessReject:
            return "Access-Reject";
        case PacketCode::kAccountingRequest:
            return "Accounting-Request";
        case PacketCode::kAccountingResponse:
            return "Accounting-Response";
        case PacketCode::kDisconnectRequest:
            return "Disconnect-Request";
        case PacketCode::kDisconnectAck:
            return "Disconnect-ACK";
        case PacketCode::kDisconnectNak:
            return "Disconnect-NAK";
        case PacketCode::kCoaRequest:
            return "CoA-Request";
        case PacketCode::kCoaAck:
            return "CoA-ACK";
        case PacketCode::kCoaNak:
            return "CoA-NAK";
    }
    return "unknown";
}

}  // namespace l2tp::radius
