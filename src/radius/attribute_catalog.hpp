// The one RADIUS attribute catalog: a row per attribute type l2tpd sends or reads, with its
// name, value kind and value length. Decoding, the typed getters and logs read this table;
// nothing else lists attributes, and no code spells a bare attribute number (attr:: below).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace l2tp::radius {

// An attribute's Type octet (RFC 2865 §5). Every value is representable: a received packet may
// carry types the catalog does not know.
enum class AttributeType : std::uint8_t {};

// What an attribute's value holds (RFC 2865 §5, RFC 8044 names); decides its length rule and
// how it is read.
enum class AttributeKind : std::uint8_t {
    kText,            // UTF-8 text, 1..253 octets
    kString,          // opaque octets, 1..253
    kInteger,         // 32-bit unsigned, big-endian
    kIpv4Address,     // 4 octets
    kIpv6Address,     // 16 octets (RFC 3162 §2.4)
    kIpv6Prefix,      // reserved, prefix length, 0..16 prefix octets (RFC 3162 §2.3)
    kDate,            // 32-bit seconds since 1970-01-01 UTC
    kTaggedInteger,   // RFC 2868 §3: a tag octet, then a 24-bit value
    kTaggedString,    // RFC 2868 §3: an optional tag octet (0x01..0x1f), then the string
    kUserPassword,    // RFC 2865 §5.2: hidden, 16..128 octets
    kTunnelPassword,  // RFC 2868 §3.5: tag, 2-octet salt, encrypted string
};

struct AttributeSpec {
    AttributeType type;
    std::string_view name;
    AttributeKind kind;
    std::uint8_t min_value_length;  // octets of value, Type and Length excluded
    std::uint8_t max_value_length;
    std::string_view rfc_section;
};

// Longest value an attribute can carry: the 8-bit Length minus Type and Length (RFC 2865 §5).
inline constexpr std::size_t kMaxValueLength = 253;

// The row for `type`, or nullptr for an attribute the catalog does not know.
const AttributeSpec* find_attribute_spec(AttributeType type);
// Every row, sorted by type.
std::span<const AttributeSpec> all_attribute_specs();
// The catalog's name, or "Attribute-<n>" for an unknown type (RFC 2865 §5 lets a receiver
// ignore attributes it does not know).
std::string attribute_name(AttributeType type);

// Attribute types by name.
namespace attr {
// RFC 2865 §5.
inline constexpr AttributeType kUserName{1};
inline constexpr AttributeType kUserPassword{2};
inline constexpr AttributeType kNasIpAddress{4};
inline constexpr AttributeType kNasPort{5};
inline constexpr AttributeType kServiceType{6};
inline constexpr AttributeType kFramedProtocol{7};
inline constexpr AttributeType kFramedIpAddress{8};
inline constexpr AttributeType kReplyMessage{18};
inline constexpr AttributeType kState{24};
inline constexpr AttributeType kClass{25};
inline constexpr AttributeType kVendorSpecific{26};
inline constexpr AttributeType kSessionTimeout{27};
inline constexpr AttributeType kIdleTimeout{28};
inline constexpr AttributeType kCalledStationId{30};
inline constexpr AttributeType kCallingStationId{31};
inline constexpr AttributeType kNasIdentifier{32};
inline constexpr AttributeType kProxyState{33};
inline constexpr AttributeType kNasPortType{61};
inline constexpr AttributeType kNasPortId{87};
// RFC 2866 §5.
inline constexpr AttributeType kAcctStatusType{40};
inline constexpr AttributeType kAcctDelayTime{41};
inline constexpr AttributeType kAcctInputOctets{42};
inline constexpr AttributeType kAcctOutputOctets{43};
inline constexpr AttributeType kAcctSessionId{44};
inline constexpr AttributeType kAcctAuthentic{45};
inline constexpr AttributeType kAcctSessionTime{46};
inline constexpr AttributeType kAcctInputPackets{47};
inline constexpr AttributeType kAcctOutputPackets{48};
inline constexpr AttributeType kAcctTerminateCause{49};
inline constexpr AttributeType kAcctMultiSessionId{50};
inline constexpr AttributeType kAcctLinkCount{51};
// RFC 2869 §5.
inline constexpr AttributeType kAcctInputGigawords{52};
inline constexpr AttributeType kAcctOutputGigawords{53};
inline constexpr AttributeType kEventTimestamp{55};
inline constexpr AttributeType kMessageAuthenticator{80};
inline constexpr AttributeType kAcctInterimInterval{85};
// RFC 2868 §3 and RFC 2867 §4.
inline constexpr AttributeType kTunnelType{64};
inline constexpr AttributeType kTunnelMediumType{65};
inline constexpr AttributeType kTunnelClientEndpoint{66};
inline constexpr AttributeType kTunnelServerEndpoint{67};
inline constexpr AttributeType kAcctTunnelConnection{68};
inline constexpr AttributeType kTunnelPassword{69};
inline constexpr AttributeType kTunnelPrivateGroupId{81};
inline constexpr AttributeType kTunnelAssignmentId{82};
inline constexpr AttributeType kTunnelPreference{83};
inline constexpr AttributeType kAcctTunnelPacketsLost{86};
inline constexpr AttributeType kTunnelClientAuthId{90};
inline constexpr AttributeType kTunnelServerAuthId{91};
// RFC 3162 §2, RFC 4818 §3, RFC 5176 §3.5.
inline constexpr AttributeType kNasIpv6Address{95};
inline constexpr AttributeType kFramedIpv6Prefix{97};
inline constexpr AttributeType kErrorCause{101};
inline constexpr AttributeType kDelegatedIpv6Prefix{123};
}  // namespace attr

}  // namespace l2tp::radius
