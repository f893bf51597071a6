// One RADIUS attribute (RFC 2865 §5) as Type and value octets, and the typed ways to build and
// read its value. A getter fails (nullopt) when the value does not have the size its kind
// needs; text comes back as received, so it is escaped (wire::printable) before it is shown.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/attribute_catalog.hpp"

namespace l2tp::radius {

using wire::Bytes;

using Ipv4Address = std::array<std::uint8_t, 4>;
using Ipv6Address = std::array<std::uint8_t, 16>;

// RFC 3162 §2.3: a prefix length (0..128) and the prefix, bits beyond the length zero.
struct Ipv6Prefix {
    std::uint8_t length = 0;
    Ipv6Address prefix{};
    bool operator==(const Ipv6Prefix&) const = default;
};

// RFC 2868 §3: the tag that groups the attributes of one tunnel, 0 when there is none.
template <typename Value>
struct Tagged {
    std::uint8_t tag = 0;
    Value value{};
    bool operator==(const Tagged&) const = default;
};

// RFC 2868 §3: tags run 0x01..0x1f; a tagged string whose first octet is above this has none.
inline constexpr std::uint8_t kMaxTag = 0x1f;
// RFC 2868 §3.1: a tagged integer's value has 24 bits.
inline constexpr std::uint32_t kMaxTaggedInteger = 0xffffff;

struct Attribute {
    AttributeType type{};
    std::vector<std::uint8_t> value;
    bool operator==(const Attribute&) const = default;
};

Attribute make_octets(AttributeType type, Bytes value);
Attribute make_text(AttributeType type, std::string_view text);
// Integer and date (seconds since 1970-01-01 UTC) alike.
Attribute make_integer(AttributeType type, std::uint32_t value);
Attribute make_ipv4_address(AttributeType type, const Ipv4Address& address);
Attribute make_ipv6_address(AttributeType type, const Ipv6Address& address);
// Carries only the octets the prefix length covers (RFC 3162 §2.3), host bits cleared.
Attribute make_ipv6_prefix(AttributeType type, const Ipv6Prefix& prefix);
// The tag octet, then the low 24 bits of `value` (RFC 2868 §3.1).
Attribute make_tagged_integer(AttributeType type, std::uint8_t tag, std::uint32_t value);
// Always writes the tag octet, 0x00 included, so a string starting with an octet <= 0x1f is
// not taken for a tag (RFC 2868 §3.3).
Attribute make_tagged_string(AttributeType type, std::uint8_t tag, std::string_view text);

std::optional<std::uint32_t> as_integer(const Attribute& attribute);
// Any octets, as received.
std::string_view as_text(const Attribute& attribute);
std::optional<Ipv4Address> as_ipv4_address(const Attribute& attribute);
std::optional<Ipv6Address> as_ipv6_address(const Attribute& attribute);
// Fails when the prefix length exceeds 128 or needs more octets than the value carries.
std::optional<Ipv6Prefix> as_ipv6_prefix(const Attribute& attribute);
std::optional<Tagged<std::uint32_t>> as_tagged_integer(const Attribute& attribute);
// The tag is 0 when the first octet is above 0x1f (it is then the string's first octet).
std::optional<Tagged<std::string_view>> as_tagged_string(const Attribute& attribute);

// The tag of an attribute whose catalog kind is tagged (integer, string, Tunnel-Password);
// nullopt for any other attribute, and for a tagged string that carries no tag.
std::optional<std::uint8_t> tag_of(const Attribute& attribute);

}  // namespace l2tp::radius
