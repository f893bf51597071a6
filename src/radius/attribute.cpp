#include "radius/attribute.hpp"

#include <algorithm>

namespace l2tp::radius {

namespace {

constexpr std::size_t kIpv6PrefixHeaderSize = 2;  // Reserved, Prefix-Length
constexpr std::uint8_t kMaxIpv6PrefixLength = 128;

std::size_t octets_for_bits(std::size_t bits) {
    return (bits + 7) / 8;
}

// Clears every bit of `prefix` beyond `length`.
Ipv6Address masked(Ipv6Address prefix, std::uint8_t length) {
    for (std::size_t bit = length; bit < prefix.size() * 8; ++bit) {
        prefix[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return prefix;
}

std::vector<std::uint8_t> big_endian_u32(std::uint32_t value) {
    std::vector<std::uint8_t> out;
    wire::ByteWriter(out).u32(value);
    return out;
}

template <std::size_t Size>
std::optional<std::array<std::uint8_t, Size>> fixed_octets(const Attribute& attribute) {
    if (attribute.value.size() != Size) {
        return std::nullopt;
    }
    std::array<std::uint8_t, Size> out{};
    std::ranges::copy(attribute.value, out.begin());
    return out;
}

std::string_view as_view(Bytes octets) {
    return {reinterpret_cast<const char*>(octets.data()), octets.size()};
}

}  // namespace

Attribute make_octets(AttributeType type, Bytes value) {
    return Attribute{type, std::vector<std::uint8_t>(value.begin(), value.end())};
}

Attribute make_text(AttributeType type, std::string_view text) {
    return Attribute{type, std::vector<std::uint8_t>(text.begin(), text.end())};
}

Attribute make_integer(AttributeType type, std::uint32_t value) {
    return Attribute{type, big_endian_u32(value)};
}

Attribute make_ipv4_address(AttributeType type, const Ipv4Address& address) {
    return make_octets(type, address);
}

Attribute make_ipv6_address(AttributeType type, const Ipv6Address& address) {
    return make_octets(type, address);
}

Attribute make_ipv6_prefix(AttributeType type, const Ipv6Prefix& prefix) {
    const std::uint8_t length = std::min(prefix.length, kMaxIpv6PrefixLength);
    const Ipv6Address bits = masked(prefix.prefix, length);
    Attribute attribute{type, {}};
    attribute.value.reserve(kIpv6PrefixHeaderSize + sizeof(Ipv6Address));
    wire::ByteWriter writer(attribute.value);
    writer.u8(0);  // Reserved
    writer.u8(length);
    writer.bytes(Bytes(bits).first(octets_for_bits(length)));
    return attribute;
}

Attribute make_tagged_integer(AttributeType type, std::uint8_t tag, std::uint32_t value) {
    Attribute attribute{type, big_endian_u32(value & kMaxTaggedInteger)};
    attribute.value[0] = tag;
    return attribute;
}

Attribute make_tagged_string(AttributeType type, std::uint8_t tag, std::string_view text) {
    // Sized once and filled: g++ 14 at -O3 misreads a growing vector here
    // (-Wfree-nonheap-object).
    Attribute attribute{type, std::vector<std::uint8_t>(1 + text.size())};
    attribute.value[0] = tag;
    std::copy(text.begin(), text.end(), attribute.value.begin() + 1);
    return attribute;
}

std::optional<std::uint32_t> as_integer(const Attribute& attribute) {
    if (attribute.value.size() != 4) {
        return std::nullopt;
    }
    return wire::load_u32(attribute.value, 0);
}

std::string_view as_text(const Attribute& attribute) {
    return as_view(attribute.value);
}

std::optional<Ipv4Address> as_ipv4_address(const Attribute& attribute) {
    return fixed_octets<4>(attribute);
}

std::optional<Ipv6Address> as_ipv6_address(const Attribute& attribute) {
    return fixed_octets<16>(attribute);
}

std::optional<Ipv6Prefix> as_ipv6_prefix(const Attribute& attribute) {
    const auto& value = attribute.value;
    if (value.size() < kIpv6PrefixHeaderSize ||
        value.size() > kIpv6PrefixHeaderSize + sizeof(Ipv6Address)) {
        return std::nullopt;
    }
    const std::uint8_t length = value[1];
    if (length > kMaxIpv6PrefixLength ||
        value.size() - kIpv6PrefixHeaderSize < octets_for_bits(length)) {
        return std::nullopt;
    }
    Ipv6Prefix prefix{length, {}};
    std::copy(value.begin() + kIpv6PrefixHeaderSize, value.end(), prefix.prefix.begin());
    prefix.prefix = masked(prefix.prefix, length);
    return prefix;
}

std::optional<Tagged<std::uint32_t>> as_tagged_integer(const Attribute& attribute) {
    const std::optional<std::uint32_t> raw = as_integer(attribute);
    if (!raw) {
        return std::nullopt;
    }
    return Tagged<std::uint32_t>{attribute.value[0], *raw & kMaxTaggedInteger};
}

std::optional<Tagged<std::string_view>> as_tagged_string(const Attribute& attribute) {
    const std::string_view text = as_view(attribute.value);
    if (!text.empty() && attribute.value[0] <= kMaxTag) {
        return Tagged<std::string_view>{attribute.value[0], text.substr(1)};
    }
    return Tagged<std::string_view>{0, text};
}

std::optional<std::uint8_t> tag_of(const Attribute& attribute) {
    const AttributeSpec* spec = find_attribute_spec(attribute.type);
    if (spec == nullptr || attribute.value.empty()) {
        return std::nullopt;
    }
    switch (spec->kind) {
        case AttributeKind::kTaggedInteger:
        case AttributeKind::kTunnelPassword:
            return attribute.value[0];
        case AttributeKind::kTaggedString:
            if (attribute.value[0] <= kMaxTag) {
                return attribute.value[0];
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace l2tp::radius
