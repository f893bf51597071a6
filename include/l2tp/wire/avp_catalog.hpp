// The one AVP catalog: a row per (vendor, type) naming every AVP of RFC 2661 §4.4, RFC 3931
// §5.4 and Cisco's vendor-9 draft-era L2TPv3 AVPs. Parsing, building, validation and dumps all
// read this table; nothing else lists AVPs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "l2tp/wire/avp.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::wire {

// What an AVP's value holds; decides how it is checked, built and printed.
enum class ValueKind : std::uint8_t {
    kEmpty,  // no value (Sequencing Required)
    kU8,
    kU16,
    kU32,
    kU64,
    kBytes,            // opaque octets, printed in hex
    kString,           // text, printed as text
    kU16List,          // a list of 16-bit values (Pseudowire Capabilities List)
    kResultCode,       // Result Code: u16 result, optional u16 error, optional message
    kProtocolVersion,  // u8 version, u8 revision
    kQ931Cause,        // u16 cause, u8 message, optional advisory text
    kCallErrors,       // u16 reserved, six u32 counters
    kAccm,             // u16 reserved, u32 send ACCM, u32 receive ACCM
    kProxyAuthenId,    // u8 reserved, u8 id
    kMessageDigest,    // u8 digest type, 16 or 20 octets
    kExtendedVendor,   // u32 vendor, u16 type, value
    kCookie,           // 0, 4 or 8 octets (RFC 3931 §5.4.4 Assigned Cookie)
    kSecret,           // opaque octets that may be a password (PAP's Proxy Authen Response)
};

// How this side sets the M bit when it sends the AVP (RFC 2661 §4.4, RFC 3931 §5.2).
// A receiver never judges the M bit of an AVP it recognises (RFC 3931 §5.2).
enum class MandatoryRule : std::uint8_t {
    kMustSet,    // "the M bit MUST be set to 1"
    kMustClear,  // "the M bit MUST be set to 0"
    kShouldSet,  // "SHOULD be set to 1, but MAY vary"
    kShouldClear,
};

struct AvpSpec {
    AvpKey key;
    std::string_view name;
    ValueKind kind;
    std::uint16_t min_value_length;  // octets of value, header excluded
    std::uint16_t max_value_length;
    bool may_be_hidden;
    MandatoryRule mandatory;
    VersionSet versions;
    // For a vendor AVP that stands in for an IETF one (Cisco's draft L2TPv3 AVPs), the IETF AVP
    // it is accepted as; otherwise equal to `key`.
    AvpKey ietf_equivalent;
    std::string_view rfc_section;
};

// The row for (vendor, type), or nullptr for an AVP this library does not know.
const AvpSpec* find_avp_spec(AvpKey key);
// Every row, sorted by (vendor, type).
std::span<const AvpSpec> all_avp_specs();

// Whether this side sets the M bit when sending an AVP of this spec.
constexpr bool sends_mandatory(const AvpSpec& spec) {
    return spec.mandatory == MandatoryRule::kMustSet || spec.mandatory == MandatoryRule::kShouldSet;
}

// AVP keys by name, so that code never spells a bare number.
namespace avp {
// RFC 2661 §4.4 (vendor 0).
inline constexpr AvpKey kMessageType{0, 0};
inline constexpr AvpKey kResultCode{0, 1};
inline constexpr AvpKey kProtocolVersion{0, 2};
inline constexpr AvpKey kFramingCapabilities{0, 3};
inline constexpr AvpKey kBearerCapabilities{0, 4};
inline constexpr AvpKey kTieBreaker{0, 5};
inline constexpr AvpKey kFirmwareRevision{0, 6};
inline constexpr AvpKey kHostName{0, 7};
inline constexpr AvpKey kVendorName{0, 8};
inline constexpr AvpKey kAssignedTunnelId{0, 9};
inline constexpr AvpKey kReceiveWindowSize{0, 10};
inline constexpr AvpKey kChallenge{0, 11};
inline constexpr AvpKey kQ931CauseCode{0, 12};
inline constexpr AvpKey kChallengeResponse{0, 13};
inline constexpr AvpKey kAssignedSessionId{0, 14};
inline constexpr AvpKey kCallSerialNumber{0, 15};
inline constexpr AvpKey kMinimumBps{0, 16};
inline constexpr AvpKey kMaximumBps{0, 17};
inline constexpr AvpKey kBearerType{0, 18};
inline constexpr AvpKey kFramingType{0, 19};
inline constexpr AvpKey kCalledNumber{0, 21};
inline constexpr AvpKey kCallingNumber{0, 22};
inline constexpr AvpKey kSubAddress{0, 23};
inline constexpr AvpKey kTxConnectSpeed{0, 24};
inline constexpr AvpKey kPhysicalChannelId{0, 25};
inline constexpr AvpKey kInitialReceivedLcpConfreq{0, 26};
inline constexpr AvpKey kLastSentLcpConfreq{0, 27};
inline constexpr AvpKey kLastReceivedLcpConfreq{0, 28};
inline constexpr AvpKey kProxyAuthenType{0, 29};
inline constexpr AvpKey kProxyAuthenName{0, 30};
inline constexpr AvpKey kProxyAuthenChallenge{0, 31};
inline constexpr AvpKey kProxyAuthenId{0, 32};
inline constexpr AvpKey kProxyAuthenResponse{0, 33};
inline constexpr AvpKey kCallErrors{0, 34};
inline constexpr AvpKey kAccm{0, 35};
inline constexpr AvpKey kRandomVector{0, 36};
inline constexpr AvpKey kPrivateGroupId{0, 37};
inline constexpr AvpKey kRxConnectSpeed{0, 38};
inline constexpr AvpKey kSequencingRequired{0, 39};
// RFC 3931 §5.4 (vendor 0).
inline constexpr AvpKey kExtendedVendorId{0, 58};
inline constexpr AvpKey kMessageDigest{0, 59};
inline constexpr AvpKey kRouterId{0, 60};
inline constexpr AvpKey kAssignedControlConnectionId{0, 61};
inline constexpr AvpKey kPseudowireCapabilitiesList{0, 62};
inline constexpr AvpKey kLocalSessionId{0, 63};
inline constexpr AvpKey kRemoteSessionId{0, 64};
inline constexpr AvpKey kAssignedCookie{0, 65};
inline constexpr AvpKey kRemoteEndId{0, 66};
inline constexpr AvpKey kPseudowireType{0, 68};
inline constexpr AvpKey kL2SpecificSublayer{0, 69};
inline constexpr AvpKey kDataSequencing{0, 70};
inline constexpr AvpKey kCircuitStatus{0, 71};
inline constexpr AvpKey kPreferredLanguage{0, 72};
inline constexpr AvpKey kControlMessageAuthNonce{0, 73};
inline constexpr AvpKey kTxConnectSpeedV3{0, 74};
inline constexpr AvpKey kRxConnectSpeedV3{0, 75};
// Cisco's draft-era L2TPv3 AVPs (vendor 9).
inline constexpr AvpKey kCiscoAssignedConnectionId{9, 1};
inline constexpr AvpKey kCiscoPwCapabilitiesList{9, 2};
inline constexpr AvpKey kCiscoLocalSessionId{9, 3};
inline constexpr AvpKey kCiscoRemoteSessionId{9, 4};
inline constexpr AvpKey kCiscoAssignedCookie{9, 5};
inline constexpr AvpKey kCiscoRemoteEndId{9, 6};
inline constexpr AvpKey kCiscoPwType{9, 7};
inline constexpr AvpKey kCiscoCircuitStatus{9, 8};
inline constexpr AvpKey kCiscoSessionTieBreaker{9, 9};
inline constexpr AvpKey kCiscoDraftAvpVersion{9, 10};
inline constexpr AvpKey kCiscoMessageDigest{9, 12};
inline constexpr AvpKey kCiscoAuthNonce{9, 13};
inline constexpr AvpKey kCiscoInterfaceMtu{9, 14};
}  // namespace avp

}  // namespace l2tp::wire
