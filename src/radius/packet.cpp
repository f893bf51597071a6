#include "radius/packet.hpp"

#include <algorithm>

namespace l2tp::radius {

namespace {

constexpr std::size_t kLengthOffset = 2;

// Whether the value of an attribute of a known kind has a size that kind allows.
DecodeFault check_value(const AttributeSpec& spec, Bytes value) {
    if (value.size() < spec.min_value_length || value.size() > spec.max_value_length) {
        return DecodeFault::kBadValueLength;
    }
    if (spec.kind == AttributeKind::kIpv6Prefix &&
        !as_ipv6_prefix(Attribute{spec.type, {value.begin(), value.end()}})) {
        return DecodeFault::kBadIpv6Prefix;
    }
    return DecodeFault::kNone;
}

}  // namespace

const Attribute* Packet::find(AttributeType type) const {
    const auto it = std::ranges::find(attributes, type, &Attribute::type);
    return it != attributes.end() ? &*it : nullptr;
}

std::string_view decode_fault_name(DecodeFault fault) {
    switch (fault) {
        case DecodeFault::kNone:
            return "no fault";
        case DecodeFault::kShorterThanHeader:
            return "shorter than the 20-octet header";
        case DecodeFault::kLengthOutOfRange:
            return "Length outside 20..4096";
        case DecodeFault::kShorterThanLength:
            return "shorter than its Length";
        case DecodeFault::kAttributeHeaderCut:
            return "attribute header cut short";
        case DecodeFault::kAttributeLengthBelowTwo:
            return "attribute Length below 2";
        case DecodeFault::kAttributeOverrunsPacket:
            return "attribute reaches past the packet's Length";
        case DecodeFault::kBadValueLength:
            return "value length outside its kind's bounds";
        case DecodeFault::kBadIpv6Prefix:
            return "bad IPv6 prefix length";
    }
    return "unknown fault";
}

std::string describe(const DecodeError& error) {
    const bool at_attribute = error.offset >= kHeaderSize;
    std::string text = at_attribute ? attribute_name(error.attribute) + " at offset " +
                                          std::to_string(error.offset)
                                    : std::string("header");
    return text + ": " + std::string(decode_fault_name(error.fault));
}

DecodeError decode_framing(Bytes datagram, Packet& out) {
    if (datagram.size() < kHeaderSize) {
        return {DecodeFault::kShorterThanHeader};
    }
    const std::size_t length = wire::load_u16(datagram, kLengthOffset);
    if (length < kHeaderSize || length > kMaxPacketLength) {
        return {DecodeFault::kLengthOutOfRange};
    }
    if (datagram.size() < length) {
        return {DecodeFault::kShorterThanLength};
    }
    const Bytes packet = datagram.first(length);
    out = Packet{};
    out.code = static_cast<PacketCode>(packet[0]);
    out.identifier = packet[1];
    std::copy_n(packet.begin() + kAuthenticatorOffset, kAuthenticatorSize,
                out.authenticator.begin());

    for (std::size_t offset = kHeaderSize; offset < packet.size();) {
        const AttributeType type{packet[offset]};
        if (packet.size() - offset < kAttributeHeaderSize) {
            return {DecodeFault::kAttributeHeaderCut, offset, type};
        }
        const std::size_t attribute_length = packet[offset + 1];
        if (attribute_length < kAttributeHeaderSize) {
            return {DecodeFault::kAttributeLengthBelowTwo, offset, type};
        }
        if (attribute_length > packet.size() - offset) {
            return {DecodeFault::kAttributeOverrunsPacket, offset, type};
        }
        const Bytes value =
            packet.subspan(offset + kAttributeHeaderSize, attribute_length - kAttributeHeaderSize);
        out.attributes.push_back(make_octets(type, value));
        offset += attribute_length;
    }
    return {};
}

DecodeError check_values(const Packet& packet) {
    std::size_t offset = kHeaderSize;
    for (const Attribute& attribute : packet.attributes) {
        if (const AttributeSpec* spec = find_attribute_spec(attribute.type)) {
            if (const DecodeFault fault = check_value(*spec, attribute.value);
                fault != DecodeFault::kNone) {
                return {fault, offset, attribute.type};
            }
        }
        offset += kAttributeHeaderSize + attribute.value.size();
    }
    return {};
}

DecodeError decode_packet(Bytes datagram, Packet& out) {
    if (const DecodeError framing = decode_framing(datagram, out)) {
        return framing;
    }
    return check_values(out);
}

std::string_view encode_fault_name(EncodeFault fault) {
    switch (fault) {
        case EncodeFault::kNone:
            return "no fault";
        case EncodeFault::kAttributeTooLong:
            return "attribute value above 253 octets";
        case EncodeFault::kPacketTooLong:
            return "packet above 4096 octets";
    }
    return "unknown fault";
}

EncodeFault encode_packet(const Packet& packet, std::vector<std::uint8_t>& out) {
    out.clear();
    wire::ByteWriter writer(out);
    writer.u8(static_cast<std::uint8_t>(packet.code));
    writer.u8(packet.identifier);
    writer.u16(0);  // Length, patched below
    writer.bytes(packet.authenticator);
    for (const Attribute& attribute : packet.attributes) {
        if (attribute.value.size() > kMaxValueLength) {
            return EncodeFault::kAttributeTooLong;
        }
        writer.u8(static_cast<std::uint8_t>(attribute.type));
        writer.u8(static_cast<std::uint8_t>(kAttributeHeaderSize + attribute.value.size()));
        writer.bytes(attribute.value);
        if (out.size() > kMaxPacketLength) {
            return EncodeFault::kPacketTooLong;
        }
    }
    wire::store_u16(out, kLengthOffset, static_cast<std::uint16_t>(out.size()));
    return EncodeFault::kNone;
}

}  // namespace l2tp::radius
