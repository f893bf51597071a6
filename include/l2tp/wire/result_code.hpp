// Result and Error Code values carried by the Result Code AVP (RFC 2661 §4.4.2, RFC 3931 §5.4.2).
#pragma once

#include <cstdint>

namespace l2tp::wire {

// Result Code values of a StopCCN.
enum class StopCcnResult : std::uint16_t {
    kClearConnection = 1,
    kGeneralError = 2,
    kAlreadyExists = 3,
    kNotAuthorized = 4,
    kVersionNotSupported = 5,
    kShuttingDown = 6,
    kFsmError = 7,
};

// Result Code values of a CDN.
enum class CdnResult : std::uint16_t {
    kLostCarrier = 1,
    kGeneralError = 2,
    kAdministrative = 3,
    kNoFacilitiesTemporary = 4,
    kNoFacilitiesPermanent = 5,
    kInvalidDestination = 6,  // RFC 2661 only
    kNoCarrier = 7,           // RFC 2661 only
    kBusy = 8,                // RFC 2661 only
    kNoDialTone = 9,          // RFC 2661 only
    kTimeout = 10,            // RFC 2661 only
    kNoFraming = 11,          // RFC 2661 only
    kLostTieBreaker = 13,     // RFC 3931
    kUnsupportedPwType = 14,  // RFC 3931
    kSequencingWithoutL2ss = 15,
    kFsmError = 16,  // RFC 3931
};

// General Error Code values, valid with either result code 2.
enum class GeneralError : std::uint16_t {
    kNone = 0,
    kNoControlConnection = 1,
    kBadLength = 2,
    kOutOfRange = 3,
    kNoResources = 4,
    kInvalidSessionId = 5,
    kVendorSpecific = 6,
    kTryAnother = 7,
    kUnknownMandatoryAvp = 8,
    kTryAnotherDirected = 9,  // RFC 3931
};

}  // namespace l2tp::wire
