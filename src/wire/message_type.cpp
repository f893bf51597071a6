#include "l2tp/wire/message_type.hpp"

namespace l2tp::wire {

// RFC 2661 §3.2, RFC 3931 §3.1 (ACK, type 20, is L2TPv3 only).
std::string_view message_type_name(MessageType type) {
    switch (type) {
        case MessageType::kSccrq:
            return "SCCRQ";
        case MessageType::kSccrp:
            return "SCCRP";
        case MessageType::kScccn:
            return "SCCCN";
        case MessageType::kStopCcn:
            return "StopCCN";
        case MessageType::kHello:
            return "HELLO";
        case MessageType::kOcrq:
            return "OCRQ";
        case MessageType::kOcrp:
            return "OCRP";
        case MessageType::kOccn:
            return "OCCN";
        case MessageType::kIcrq:
            return "ICRQ";
        case MessageType::kIcrp:
            return "ICRP";
        case MessageType::kIccn:
            return "ICCN";
        case MessageType::kCdn:
            return "CDN";
        case MessageType::kWen:
            return "WEN";
        case MessageType::kSli:
            return "SLI";
        case MessageType::kAck:
            return "ACK";
    }
    return {};  // a value off the wire that no enumerator names
}

}  // namespace l2tp::wire
