#include "l2tp/wire/avp_catalog.hpp"

#include <algorithm>
#include <array>

namespace l2tp::wire {

namespace {

// Longest value an AVP can carry: the 10-bit Length minus the 6-octet header.
constexpr std::uint16_t kAnyLength = kAvpMaxLength - kAvpHeaderSize;  // 1017
// A list of 16-bit values holds an even number of octets.
constexpr std::uint16_t kAnyEvenLength = kAnyLength - 1;  // 1016

constexpr bool kHideable = true;      // "This AVP MAY be hidden (the H bit MAY be 0 or 1)"
constexpr bool kNeverHidden = false;  // "This AVP MUST NOT be hidden (the H bit MUST be 0)"

constexpr std::string_view kCiscoDraft = "Cisco draft-ietf-l2tpext-l2tp-base-03";

// A row of RFC 2661 or RFC 3931: the AVP is its own IETF equivalent.
constexpr AvpSpec ietf(AvpKey key, std::string_view name, ValueKind kind, std::uint16_t min,
                       std::uint16_t max, bool may_be_hidden, MandatoryRule mandatory,
                       VersionSet versions, std::string_view rfc_section) {
    return AvpSpec{key, name, kind, min, max, may_be_hidden, mandatory, versions, key, rfc_section};
}

// A row of Cisco's vendor-9 draft-era L2TPv3 AVPs: never hidden, M bit set, L2TPv3 only.
constexpr AvpSpec cisco(AvpKey key, std::string_view name, ValueKind kind, std::uint16_t min,
                        std::uint16_t max, AvpKey ietf_equivalent) {
    return AvpSpec{key,
                   name,
                   kind,
                   min,
                   max,
                   kNeverHidden,
                   MandatoryRule::kShouldSet,
                   VersionSet::kV3,
                   ietf_equivalent,
                   kCiscoDraft};
}

// Rows used by both versions take the RFC 2661 M-bit rule where it is stricter: RFC 3931 then
// says "SHOULD ..., but MAY vary" (§5.2), so the stricter rule satisfies both.
constexpr auto kCatalog = std::to_array<AvpSpec>({
    // RFC 2661 §4.4.1, RFC 3931 §5.4.1: AVPs of every control message.
    ietf(avp::kMessageType, "Message Type", ValueKind::kU16, 2, 2, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.1; RFC 3931 §5.4.1"),
    // RFC 2661 §4.4.2, RFC 3931 §5.4.2: Result Code (v3 says "SHOULD be set to 1").
    ietf(avp::kResultCode, "Result Code", ValueKind::kResultCode, 2, kAnyLength, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.2; RFC 3931 §5.4.2"),
    // RFC 2661 §4.4.3: Control Connection Management AVPs.
    ietf(avp::kProtocolVersion, "Protocol Version", ValueKind::kProtocolVersion, 2, 2, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    ietf(avp::kFramingCapabilities, "Framing Capabilities", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    ietf(avp::kBearerCapabilities, "Bearer Capabilities", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    // v2 "M-bit MUST be set to 0"; v3 (Control Connection / Session Tie Breaker, §5.4.3,
    // §5.4.4) "SHOULD be set to 1, but MAY vary": 0 satisfies both.
    ietf(avp::kTieBreaker, "Tie Breaker", ValueKind::kU64, 8, 8, kNeverHidden,
         MandatoryRule::kMustClear, VersionSet::kBoth, "RFC 2661 §4.4.3; RFC 3931 §5.4.3"),
    ietf(avp::kFirmwareRevision, "Firmware Revision", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.3"),
    // "The Host Name is of arbitrary length, but MUST be at least 1 octet."
    ietf(avp::kHostName, "Host Name", ValueKind::kString, 1, kAnyLength, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.3; RFC 3931 §5.4.3"),
    ietf(avp::kVendorName, "Vendor Name", ValueKind::kString, 0, kAnyLength, kHideable,
         MandatoryRule::kMustClear, VersionSet::kBoth, "RFC 2661 §4.4.3; RFC 3931 §5.4.3"),
    ietf(avp::kAssignedTunnelId, "Assigned Tunnel ID", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    ietf(avp::kReceiveWindowSize, "Receive Window Size", ValueKind::kU16, 2, 2, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.3; RFC 3931 §5.4.3"),
    // "The Challenge is one or more octets of random data."
    ietf(avp::kChallenge, "Challenge", ValueKind::kBytes, 1, kAnyLength, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    // RFC 2661 §4.4.4: Call Management AVPs. Q.931: u16 cause, u8 message, advisory text.
    ietf(avp::kQ931CauseCode, "Q.931 Cause Code", ValueKind::kQ931Cause, 3, kAnyLength,
         kNeverHidden, MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    // RFC 2661 §4.4.3: the 16-octet CHAP-style response (the RFC also calls it "Response").
    ietf(avp::kChallengeResponse, "Challenge Response", ValueKind::kBytes, 16, 16, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.3"),
    // RFC 2661 §4.4.4: Call Management AVPs.
    ietf(avp::kAssignedSessionId, "Assigned Session ID", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    // RFC 3931 §5.4.4 calls it "Serial Number", M bit "SHOULD be set to 0, but MAY vary".
    ietf(avp::kCallSerialNumber, "Call Serial Number", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.4; RFC 3931 §5.4.4"),
    ietf(avp::kMinimumBps, "Minimum BPS", ValueKind::kU32, 4, 4, kHideable, MandatoryRule::kMustSet,
         VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kMaximumBps, "Maximum BPS", ValueKind::kU32, 4, 4, kHideable, MandatoryRule::kMustSet,
         VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kBearerType, "Bearer Type", ValueKind::kU32, 4, 4, kHideable, MandatoryRule::kMustSet,
         VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kFramingType, "Framing Type", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kCalledNumber, "Called Number", ValueKind::kString, 0, kAnyLength, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kCallingNumber, "Calling Number", ValueKind::kString, 0, kAnyLength, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kSubAddress, "Sub-Address", ValueKind::kString, 0, kAnyLength, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    // L2TPv3 carries 64-bit connect speeds in types 74 and 75 instead.
    ietf(avp::kTxConnectSpeed, "(Tx) Connect Speed", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kPhysicalChannelId, "Physical Channel ID", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustClear, VersionSet::kBoth, "RFC 2661 §4.4.4; RFC 3931 §5.4.4"),
    // RFC 2661 §4.4.5: Proxy LCP and Authentication AVPs.
    ietf(avp::kInitialReceivedLcpConfreq, "Initial Received LCP CONFREQ", ValueKind::kBytes, 0,
         kAnyLength, kHideable, MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kLastSentLcpConfreq, "Last Sent LCP CONFREQ", ValueKind::kBytes, 0, kAnyLength,
         kHideable, MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kLastReceivedLcpConfreq, "Last Received LCP CONFREQ", ValueKind::kBytes, 0,
         kAnyLength, kHideable, MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kProxyAuthenType, "Proxy Authen Type", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kProxyAuthenName, "Proxy Authen Name", ValueKind::kString, 0, kAnyLength, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    // "The Challenge is a string of one or more octets."
    ietf(avp::kProxyAuthenChallenge, "Proxy Authen Challenge", ValueKind::kBytes, 1, kAnyLength,
         kHideable, MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kProxyAuthenId, "Proxy Authen ID", ValueKind::kProxyAuthenId, 2, 2, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    ietf(avp::kProxyAuthenResponse, "Proxy Authen Response", ValueKind::kSecret, 0, kAnyLength,
         kHideable, MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.5"),
    // RFC 2661 §4.4.6: Call Status AVPs. RFC 3931 §5.4.5 renames type 34 "Circuit Errors"
    // (Length 32, M bit "SHOULD be set to 0, but MAY vary").
    ietf(avp::kCallErrors, "Call Errors", ValueKind::kCallErrors, 26, 26, kHideable,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.6; RFC 3931 §5.4.5"),
    ietf(avp::kAccm, "ACCM", ValueKind::kAccm, 10, 10, kHideable, MandatoryRule::kMustSet,
         VersionSet::kV2, "RFC 2661 §4.4.6"),
    // RFC 2661 §4.4.1, RFC 3931 §5.4.1: arbitrary length, at least 16 octets recommended.
    ietf(avp::kRandomVector, "Random Vector", ValueKind::kBytes, 0, kAnyLength, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kBoth, "RFC 2661 §4.4.1; RFC 3931 §5.4.1"),
    // RFC 2661 §4.4.4: Call Management AVPs, continued.
    ietf(avp::kPrivateGroupId, "Private Group ID", ValueKind::kBytes, 0, kAnyLength, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kRxConnectSpeed, "Rx Connect Speed", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kMustClear, VersionSet::kV2, "RFC 2661 §4.4.4"),
    ietf(avp::kSequencingRequired, "Sequencing Required", ValueKind::kEmpty, 0, 0, kNeverHidden,
         MandatoryRule::kMustSet, VersionSet::kV2, "RFC 2661 §4.4.4"),
    // RFC 3931 §5.1: u32 vendor, u16 type, then the value; the M bit MUST be 0.
    ietf(avp::kExtendedVendorId, "Extended Vendor ID", ValueKind::kExtendedVendor, 6, kAnyLength,
         kHideable, MandatoryRule::kMustClear, VersionSet::kV3, "RFC 3931 §5.1"),
    // RFC 3931 §5.4.1: digest type octet and a 16 (HMAC-MD5) or 20 (HMAC-SHA-1) octet digest.
    ietf(avp::kMessageDigest, "Message Digest", ValueKind::kMessageDigest, 17, 21, kNeverHidden,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.1"),
    // RFC 3931 §5.4.3: Control Connection Management AVPs.
    ietf(avp::kRouterId, "Router ID", ValueKind::kU32, 4, 4, kNeverHidden,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.3"),
    ietf(avp::kAssignedControlConnectionId, "Assigned Control Connection ID", ValueKind::kU32, 4, 4,
         kHideable, MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.3"),
    ietf(avp::kPseudowireCapabilitiesList, "Pseudowire Capabilities List", ValueKind::kU16List, 2,
         kAnyEvenLength, kHideable, MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.3"),
    // RFC 3931 §5.4.4: Session Management AVPs.
    ietf(avp::kLocalSessionId, "Local Session ID", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kRemoteSessionId, "Remote Session ID", ValueKind::kU32, 4, 4, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    // "The value's length (0, 32, or 64 bits) is obtained by the length of the AVP": a zero
    // length means no cookie. Lengths 1-3 and 5-7 pass these bounds and must be refused by
    // whoever installs the cookie.
    ietf(avp::kAssignedCookie, "Assigned Cookie", ValueKind::kCookie, 0, 8, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kRemoteEndId, "Remote End ID", ValueKind::kBytes, 0, kAnyLength, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kPseudowireType, "Pseudowire Type", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kL2SpecificSublayer, "L2-Specific Sublayer", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kDataSequencing, "Data Sequencing", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.4"),
    // RFC 3931 §5.4.5: Circuit Status AVPs.
    ietf(avp::kCircuitStatus, "Circuit Status", ValueKind::kU16, 2, 2, kHideable,
         MandatoryRule::kShouldSet, VersionSet::kV3, "RFC 3931 §5.4.5"),
    // RFC 3931 §5.4.3: a US-ASCII language tag or range.
    ietf(avp::kPreferredLanguage, "Preferred Language", ValueKind::kString, 0, kAnyLength,
         kHideable, MandatoryRule::kShouldClear, VersionSet::kV3, "RFC 3931 §5.4.3"),
    // RFC 3931 §5.4.1: arbitrary length, at least 16 octets recommended.
    ietf(avp::kControlMessageAuthNonce, "Control Message Authentication Nonce", ValueKind::kBytes,
         0, kAnyLength, kNeverHidden, MandatoryRule::kShouldSet, VersionSet::kV3,
         "RFC 3931 §5.4.1"),
    // RFC 3931 §5.4.4: 64-bit connect speeds.
    ietf(avp::kTxConnectSpeedV3, "Tx Connect Speed", ValueKind::kU64, 8, 8, kHideable,
         MandatoryRule::kShouldClear, VersionSet::kV3, "RFC 3931 §5.4.4"),
    ietf(avp::kRxConnectSpeedV3, "Rx Connect Speed", ValueKind::kU64, 8, 8, kHideable,
         MandatoryRule::kShouldClear, VersionSet::kV3, "RFC 3931 §5.4.4"),
    // Cisco vendor 9: the draft-era L2TPv3 AVPs that pre-RFC 3931 Cisco peers still send.
    cisco(avp::kCiscoAssignedConnectionId, "Cisco Assigned Connection ID", ValueKind::kU32, 4, 4,
          avp::kAssignedControlConnectionId),
    cisco(avp::kCiscoPwCapabilitiesList, "Cisco Pseudowire Capabilities List", ValueKind::kU16List,
          2, kAnyEvenLength, avp::kPseudowireCapabilitiesList),
    cisco(avp::kCiscoLocalSessionId, "Cisco Local Session ID", ValueKind::kU32, 4, 4,
          avp::kLocalSessionId),
    cisco(avp::kCiscoRemoteSessionId, "Cisco Remote Session ID", ValueKind::kU32, 4, 4,
          avp::kRemoteSessionId),
    cisco(avp::kCiscoAssignedCookie, "Cisco Assigned Cookie", ValueKind::kCookie, 4, 8,
          avp::kAssignedCookie),
    cisco(avp::kCiscoRemoteEndId, "Cisco Remote End ID", ValueKind::kBytes, 0, kAnyLength,
          avp::kRemoteEndId),
    cisco(avp::kCiscoPwType, "Cisco Pseudowire Type", ValueKind::kU16, 2, 2, avp::kPseudowireType),
    cisco(avp::kCiscoCircuitStatus, "Cisco Circuit Status", ValueKind::kU16, 2, 2,
          avp::kCircuitStatus),
    cisco(avp::kCiscoSessionTieBreaker, "Cisco Session Tie Breaker", ValueKind::kU64, 8, 8,
          avp::kTieBreaker),
    cisco(avp::kCiscoDraftAvpVersion, "Cisco Draft AVP Version", ValueKind::kU16, 2, 2,
          avp::kCiscoDraftAvpVersion),
    cisco(avp::kCiscoMessageDigest, "Cisco Message Digest", ValueKind::kMessageDigest, 17, 21,
          avp::kMessageDigest),
    cisco(avp::kCiscoAuthNonce, "Cisco Authentication Nonce", ValueKind::kBytes, 0, kAnyLength,
          avp::kControlMessageAuthNonce),
    cisco(avp::kCiscoInterfaceMtu, "Cisco Interface MTU", ValueKind::kU16, 2, 2,
          avp::kCiscoInterfaceMtu),
});

constexpr bool key_below(const AvpSpec& spec, AvpKey key) {
    return spec.key < key;
}

constexpr const AvpSpec* lookup(AvpKey key) {
    const auto it = std::lower_bound(kCatalog.begin(), kCatalog.end(), key, key_below);
    return it != kCatalog.end() && it->key == key ? &*it : nullptr;
}

// Sorted by (vendor, type) with no key twice, so that lower_bound finds the one row.
constexpr bool strictly_sorted() {
    return std::adjacent_find(kCatalog.begin(), kCatalog.end(),
                              [](const AvpSpec& a, const AvpSpec& b) {
                                  return !(a.key < b.key);
                              }) == kCatalog.end();
}

// Lengths fit an AVP, and every IETF equivalent is itself a row.
constexpr bool rows_consistent() {
    return std::all_of(kCatalog.begin(), kCatalog.end(), [](const AvpSpec& spec) {
        return spec.min_value_length <= spec.max_value_length &&
               spec.max_value_length <= kAnyLength && !spec.name.empty() &&
               lookup(spec.ietf_equivalent) != nullptr;
    });
}

static_assert(strictly_sorted(), "AVP catalog must be sorted by (vendor, type), no duplicates");
static_assert(rows_consistent(), "AVP catalog row with bad lengths or unknown IETF equivalent");

}  // namespace

const AvpSpec* find_avp_spec(AvpKey key) {
    return lookup(key);
}

std::span<const AvpSpec> all_avp_specs() {
    return kCatalog;
}

}  // namespace l2tp::wire
