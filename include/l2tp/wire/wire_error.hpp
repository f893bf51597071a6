// Every way a received packet can fail to decode, and what the RFCs say to do about it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "l2tp/wire/avp.hpp"
#include "l2tp/wire/result_code.hpp"

namespace l2tp::wire {

enum class WireError : std::uint8_t {
    kNone,
    // Header faults: the packet is discarded (RFC 3931 §7.1, RFC 2661 §3.1).
    kTruncated,           // shorter than its header or its Length field
    kUnsupportedVersion,  // Ver is neither 2 nor 3 (L2F's 1 included)
    kBadControlBits,      // a control message without L and S set, or with O or P set
    kBadLength,           // Length smaller than the header
    kNotControl,          // a data packet handed to the control decoder
    kNoMessageType,       // first AVP is not a well-formed, clear Message Type
    // Message-level faults answered per RFC 3931 §5.2 and §7.1.
    kUnknownMessageType,   // M bit set: clear the control connection; clear: ignore
    kBadAvpFraming,        // an AVP Length below 6 or past the end of the message
    kUnknownMandatoryAvp,  // result 2, error 8
    kMalformedAvp,         // bad length or value in an AVP with the M bit set
    kMissingRequiredAvp,   // a message without an AVP its RFC section requires
    kHiddenAvpError,       // hidden AVP without Random Vector or secret, or bad inner length
    // Authentication faults: the message is dropped (RFC 3931 §5.4.1).
    kMissingDigest,
    kBadDigest,
};

std::string_view wire_error_name(WireError error);

// What the receiver does with a message that failed to decode. The state machines carry it
// out; the codec only names it.
enum class ErrorAction : std::uint8_t {
    kDrop,           // silently discard, no acknowledgement (header faults, bad digest)
    kIgnoreMessage,  // acknowledge but do not process (unknown message type without M bit)
    kStopCcn,        // clear the control connection with the Result/Error Code below
    kCdn,            // clear the session with the Result/Error Code below
};

struct DecodeError {
    WireError code = WireError::kNone;
    ErrorAction action = ErrorAction::kDrop;
    std::uint16_t result_code = 0;  // StopCcnResult or CdnResult value, for kStopCcn / kCdn
    GeneralError error_code = GeneralError::kNone;
    AvpKey avp{};            // the AVP at fault, where there is one
    std::size_t offset = 0;  // where in the message the fault was found

    explicit operator bool() const { return code != WireError::kNone; }
};

}  // namespace l2tp::wire
