#include "radius/attribute_catalog.hpp"

#include <algorithm>
#include <array>

namespace l2tp::radius {

namespace {

// The value length a kind fixes, or its general bounds.
struct LengthBounds {
    std::uint8_t min;
    std::uint8_t max;
};

constexpr LengthBounds bounds_of(AttributeKind kind) {
    switch (kind) {
        case AttributeKind::kInteger:
        case AttributeKind::kIpv4Address:
        case AttributeKind::kDate:
        case AttributeKind::kTaggedInteger:
            return {4, 4};
        case AttributeKind::kIpv6Address:
            return {16, 16};
        case AttributeKind::kIpv6Prefix:
            return {2, 18};  // RFC 3162 §2.3: Length 4..20
        case AttributeKind::kUserPassword:
            return {16, 128};  // RFC 2865 §5.2: Length 18..130
        case AttributeKind::kTunnelPassword:
            return {3, kMaxValueLength};  // RFC 2868 §3.5: Length >= 5
        case AttributeKind::kText:
        case AttributeKind::kString:
        case AttributeKind::kTaggedString:
            break;
    }
    return {1, kMaxValueLength};  // RFC 2865 §5: "text", "string": 1-253 octets
}

constexpr AttributeSpec row(std::uint8_t type, std::string_view name, AttributeKind kind,
                            std::string_view rfc_section) {
    const LengthBounds bounds = bounds_of(kind);
    return AttributeSpec{AttributeType{type}, name, kind, bounds.min, bounds.max, rfc_section};
}

// A string whose RFC narrows the general bounds.
constexpr AttributeSpec sized_string(std::uint8_t type, std::string_view name, std::uint8_t min,
                                     std::uint8_t max, std::string_view rfc_section) {
    return AttributeSpec{AttributeType{type}, name, AttributeKind::kString, min, max, rfc_section};
}

using enum AttributeKind;

constexpr auto kCatalog = std::to_array<AttributeSpec>({
    row(1, "User-Name", kText, "RFC 2865 §5.1"),
    row(2, "User-Password", kUserPassword, "RFC 2865 §5.2"),
    row(4, "NAS-IP-Address", kIpv4Address, "RFC 2865 §5.4"),
    row(5, "NAS-Port", kInteger, "RFC 2865 §5.5"),
    row(6, "Service-Type", kInteger, "RFC 2865 §5.6"),
    row(7, "Framed-Protocol", kInteger, "RFC 2865 §5.7"),
    row(8, "Framed-IP-Address", kIpv4Address, "RFC 2865 §5.8"),
    row(18, "Reply-Message", kText, "RFC 2865 §5.18"),
    row(24, "State", kString, "RFC 2865 §5.24"),
    row(25, "Class", kString, "RFC 2865 §5.25"),
    // Vendor-Id (4) and at least one octet of string: Length >= 7.
    sized_string(26, "Vendor-Specific", 5, kMaxValueLength, "RFC 2865 §5.26"),
    row(27, "Session-Timeout", kInteger, "RFC 2865 §5.27"),
    row(28, "Idle-Timeout", kInteger, "RFC 2865 §5.28"),
    row(30, "Called-Station-Id", kText, "RFC 2865 §5.30"),
    row(31, "Calling-Station-Id", kText, "RFC 2865 §5.31"),
    row(32, "NAS-Identifier", kText, "RFC 2865 §5.32"),
    row(33, "Proxy-State", kString, "RFC 2865 §5.33"),
    row(40, "Acct-Status-Type", kInteger, "RFC 2866 §5.1"),
    row(41, "Acct-Delay-Time", kInteger, "RFC 2866 §5.2"),
    row(42, "Acct-Input-Octets", kInteger, "RFC 2866 §5.3"),
    row(43, "Acct-Output-Octets", kInteger, "RFC 2866 §5.4"),
    row(44, "Acct-Session-Id", kText, "RFC 2866 §5.5"),
    row(45, "Acct-Authentic", kInteger, "RFC 2866 §5.6"),
    row(46, "Acct-Session-Time", kInteger, "RFC 2866 §5.7"),
    row(47, "Acct-Input-Packets", kInteger, "RFC 2866 §5.8"),
    row(48, "Acct-Output-Packets", kInteger, "RFC 2866 §5.9"),
    row(49, "Acct-Terminate-Cause", kInteger, "RFC 2866 §5.10"),
    row(50, "Acct-Multi-Session-Id", kText, "RFC 2866 §5.11"),
    row(51, "Acct-Link-Count", kInteger, "RFC 2866 §5.12"),
    row(52, "Acct-Input-Gigawords", kInteger, "RFC 2869 §5.1"),
    row(53, "Acct-Output-Gigawords", kInteger, "RFC 2869 §5.2"),
    row(55, "Event-Timestamp", kDate, "RFC 2869 §5.3"),
    row(61, "NAS-Port-Type", kInteger, "RFC 2865 §5.41"),
    row(64, "Tunnel-Type", kTaggedInteger, "RFC 2868 §3.1"),
    row(65, "Tunnel-Medium-Type", kTaggedInteger, "RFC 2868 §3.2"),
    row(66, "Tunnel-Client-Endpoint", kTaggedString, "RFC 2868 §3.3"),
    row(67, "Tunnel-Server-Endpoint", kTaggedString, "RFC 2868 §3.4"),
    row(68, "Acct-Tunnel-Connection", kString, "RFC 2867 §4.1"),
    row(69, "Tunnel-Password", kTunnelPassword, "RFC 2868 §3.5"),
    sized_string(80, "Message-Authenticator", 16, 16, "RFC 2869 §5.14"),
    row(81, "Tunnel-Private-Group-ID", kTaggedString, "RFC 2868 §3.6"),
    row(82, "Tunnel-Assignment-ID", kTaggedString, "RFC 2868 §3.7"),
    row(83, "Tunnel-Preference", kTaggedInteger, "RFC 2868 §3.8"),
    row(85, "Acct-Interim-Interval", kInteger, "RFC 2869 §5.16"),
    row(86, "Acct-Tunnel-Packets-Lost", kInteger, "RFC 2867 §4.2"),
    row(87, "NAS-Port-Id", kText, "RFC 2869 §5.17"),
    row(90, "Tunnel-Client-Auth-ID", kTaggedString, "RFC 2868 §3.9"),
    row(91, "Tunnel-Server-Auth-ID", kTaggedString, "RFC 2868 §3.10"),
    row(95, "NAS-IPv6-Address", kIpv6Address, "RFC 3162 §2.1"),
    row(97, "Framed-IPv6-Prefix", kIpv6Prefix, "RFC 3162 §2.3"),
    row(101, "Error-Cause", kInteger, "RFC 5176 §3.5"),
    row(123, "Delegated-IPv6-Prefix", kIpv6Prefix, "RFC 4818 §3"),
});

static_assert(std::ranges::is_sorted(kCatalog, {}, &AttributeSpec::type),
              "the catalog is sorted by type, for the binary search");

}  // namespace

const AttributeSpec* find_attribute_spec(AttributeType type) {
    const auto* it = std::ranges::lower_bound(kCatalog, type, {}, &AttributeSpec::type);
    return it != kCatalog.end() && it->type == type ? it : nullptr;
}

std::span<const AttributeSpec> all_attribute_specs() {
    return kCatalog;
}

std::string attribute_name(AttributeType type) {
    if (const AttributeSpec* spec = find_attribute_spec(type)) {
        return std::string(spec->name);
    }
    return "Attribute-" + std::to_string(static_cast<unsigned>(type));
}

}  // namespace l2tp::radius
