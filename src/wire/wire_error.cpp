#include "l2tp/wire/wire_error.hpp"

namespace l2tp::wire {

std::string_view wire_error_name(WireError error) {
    switch (error) {
        case WireError::kNone:
            return "none";
        case WireError::kTruncated:
            return "truncated";
        case WireError::kUnsupportedVersion:
            return "unsupported version";
        case WireError::kBadControlBits:
            return "bad control header bits";
        case WireError::kBadLength:
            return "bad length";
        case WireError::kNotControl:
            return "not a control message";
        case WireError::kNoMessageType:
            return "no message type";
        case WireError::kUnknownMessageType:
            return "unknown message type";
        case WireError::kBadAvpFraming:
            return "bad AVP framing";
        case WireError::kUnknownMandatoryAvp:
            return "unknown mandatory AVP";
        case WireError::kMalformedAvp:
            return "malformed mandatory AVP";
        case WireError::kMissingRequiredAvp:
            return "missing required AVP";
        case WireError::kHiddenAvpError:
            return "undecipherable hidden AVP";
        case WireError::kMissingDigest:
            return "missing message digest";
        case WireError::kBadDigest:
            return "bad message digest";
    }
    return "unknown";
}

}  // namespace l2tp::wire
