// The values of enumerated attributes that l2tpd sends or reads.
#pragma once

#include <cstdint>

namespace l2tp::radius {

// RFC 2865 §5.6 Service-Type.
enum class ServiceType : std::uint32_t { kFramed = 2 };

// RFC 2865 §5.7 Framed-Protocol.
enum class FramedProtocol : std::uint32_t { kPpp = 1 };

// RFC 2865 §5.41 NAS-Port-Type.
enum class NasPortType : std::uint32_t { kVirtual = 5 };

// RFC 2866 §5.1 Acct-Status-Type.
enum class AcctStatusType : std::uint32_t {
    kStart = 1,
    kStop = 2,
    kInterimUpdate = 3,
    kAccountingOn = 7,
    kAccountingOff = 8,
};

// RFC 2866 §5.6 Acct-Authentic.
enum class AcctAuthentic : std::uint32_t { kRadius = 1, kLocal = 2, kRemote = 3 };

// RFC 2866 §5.10 Acct-Terminate-Cause.
enum class AcctTerminateCause : std::uint32_t {
    kUserRequest = 1,
    kLostCarrier = 2,
    kLostService = 3,
    kIdleTimeout = 4,
    kSessionTimeout = 5,
    kAdminReset = 6,
    kAdminReboot = 7,
    kPortError = 8,
    kNasError = 9,
    kNasRequest = 10,
    kNasReboot = 11,
    kPortUnneeded = 12,
    kPortPreempted = 13,
    kPortSuspended = 14,
    kServiceUnavailable = 15,
    kCallback = 16,
    kUserError = 17,
    kHostRequest = 18,
};

// RFC 2868 §3.1 Tunnel-Type (values of RFC 2868 §3.1).
enum class TunnelType : std::uint32_t { kL2tp = 3 };

// RFC 2868 §3.2 Tunnel-Medium-Type (address family numbers).
enum class TunnelMediumType : std::uint32_t { kIpv4 = 1, kIpv6 = 2 };

// RFC 5176 §3.5 Error-Cause.
enum class ErrorCause : std::uint32_t {
    kResidualSessionContextRemoved = 201,
    kInvalidEapPacket = 202,
    kUnsupportedAttribute = 401,
    kMissingAttribute = 402,
    kNasIdentificationMismatch = 403,
    kInvalidRequest = 404,
    kUnsupportedService = 405,
    kUnsupportedExtension = 406,
    kInvalidAttributeValue = 407,
    kAdministrativelyProhibited = 501,
    kRequestNotRoutable = 502,
    kSessionContextNotFound = 503,
    kSessionContextNotRemovable = 504,
    kOtherProxyProcessingError = 505,
    kResourcesUnavailable = 506,
    kRequestInitiated = 507,
    kMultipleSessionSelectionUnsupported = 508,
};

}  // namespace l2tp::radius
