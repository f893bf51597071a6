#include "l2tp/wire/header.hpp"

#include <algorithm>

namespace l2tp::wire {

namespace {

constexpr std::uint16_t kControlRequired = kFlagType | kFlagLength | kFlagSequence;
constexpr std::uint16_t kControlForbidden = kFlagOffset | kFlagPriority;
constexpr std::size_t kV3IpSessionIdSize = 4;
constexpr std::uint32_t kL2ssSequenceBit = 0x40000000;
constexpr std::uint32_t kL2ssSequenceMask = 0x00ffffff;

bool version_from_field(std::uint16_t flags, ProtocolVersion& out) {
    switch (flags & kVersionMask) {
        case 2:
            out = ProtocolVersion::kV2;
            return true;
        case 3:
            out = ProtocolVersion::kV3;
            return true;
        default:
            return false;  // RFC 2661 §3.1: unknown Ver MUST be discarded (1 is L2F)
    }
}

}  // namespace

PacketClass classify_packet(Bytes packet, Encapsulation encapsulation) {
    PacketClass out;
    if (encapsulation == Encapsulation::kIp) {
        // RFC 3931 §4.1.1.2: a zero Session ID marks a control message.
        if (packet.size() < kV3IpSessionIdSize) {
            out.error = WireError::kTruncated;
            return out;
        }
        out.version = ProtocolVersion::kV3;
        out.kind = load_u32(packet, 0) == 0 ? PacketKind::kControl : PacketKind::kV3Data;
        return out;
    }
    if (packet.size() < 2) {
        out.error = WireError::kTruncated;
        return out;
    }
    const std::uint16_t flags = load_u16(packet, 0);
    if (!version_from_field(flags, out.version)) {
        out.error = WireError::kUnsupportedVersion;
        return out;
    }
    if ((flags & kFlagType) != 0) {
        out.kind = PacketKind::kControl;
    } else {
        out.kind = out.version == ProtocolVersion::kV2 ? PacketKind::kV2Data : PacketKind::kV3Data;
    }
    return out;
}

WireError decode_control_header(Bytes packet, Encapsulation encapsulation, ControlHeader& out,
                                Bytes& message) {
    if (encapsulation == Encapsulation::kIp) {
        if (packet.size() < kIpControlPrefixSize) {
            return WireError::kTruncated;
        }
        if (load_u32(packet, 0) != 0) {
            return WireError::kNotControl;
        }
        packet = packet.subspan(kIpControlPrefixSize);
    }
    if (packet.size() < kControlHeaderSize) {
        return packet.size() >= 2 && (load_u16(packet, 0) & kFlagType) == 0 ? WireError::kNotControl
                                                                            : WireError::kTruncated;
    }
    ByteReader in(packet);
    const std::uint16_t flags = in.u16();
    if (!version_from_field(flags, out.version)) {
        return WireError::kUnsupportedVersion;
    }
    if (encapsulation == Encapsulation::kIp && out.version != ProtocolVersion::kV3) {
        return WireError::kUnsupportedVersion;  // L2TPv2 has no IP encapsulation
    }
    if ((flags & kFlagType) == 0) {
        return WireError::kNotControl;
    }
    // RFC 2661 §3.1, RFC 3931 §3.2.1: L and S MUST be 1; v2 also forbids O and P.
    if ((flags & kControlRequired) != kControlRequired) {
        return WireError::kBadControlBits;
    }
    if (out.version == ProtocolVersion::kV2 && (flags & kControlForbidden) != 0) {
        return WireError::kBadControlBits;
    }
    out.length = in.u16();
    if (out.version == ProtocolVersion::kV2) {
        out.connection_id = in.u16();
        out.session_id = in.u16();
    } else {
        out.connection_id = in.u32();
        out.session_id = 0;
    }
    out.ns = in.u16();
    out.nr = in.u16();
    if (out.length < kControlHeaderSize) {
        return WireError::kBadLength;
    }
    if (out.length > packet.size()) {
        return WireError::kTruncated;
    }
    message = packet.first(out.length);
    return WireError::kNone;
}

void encode_control_header(ByteWriter& out, const ControlHeader& header) {
    out.u16(kControlRequired | static_cast<std::uint16_t>(header.version));
    out.u16(static_cast<std::uint16_t>(kControlHeaderSize));
    if (header.version == ProtocolVersion::kV2) {
        out.u16(static_cast<std::uint16_t>(header.connection_id));
        out.u16(header.session_id);
    } else {
        out.u32(header.connection_id);
    }
    out.u16(header.ns);
    out.u16(header.nr);
}

void set_control_length(MutableBytes message, std::uint16_t length) {
    store_u16(message, 2, length);
}

void set_sequence_numbers(MutableBytes message, std::uint16_t ns, std::uint16_t nr) {
    store_u16(message, kSequenceOffset, ns);
    store_u16(message, kSequenceOffset + 2, nr);
}

std::vector<std::uint8_t> encode_zlb(const ControlHeader& header) {
    std::vector<std::uint8_t> out;
    out.reserve(kControlHeaderSize);
    ByteWriter writer(out);
    encode_control_header(writer, header);
    return out;
}

std::optional<std::uint16_t> peek_built_message_type(Bytes message) {
    // AVP header: M/H/length (2 octets), Vendor ID, Attribute Type 0, then the 2-octet type.
    constexpr std::size_t kAvpHeader = 6;
    if (message.size() < kControlHeaderSize + kAvpHeader + 2) {
        return std::nullopt;
    }
    ByteReader in(message.subspan(kControlHeaderSize));
    in.skip(2);
    const std::uint16_t vendor = in.u16();
    const std::uint16_t attribute = in.u16();
    const std::uint16_t type = in.u16();
    if (vendor != 0 || attribute != 0) {
        return std::nullopt;
    }
    return type;
}

WireError decode_v2_data_header(Bytes packet, V2DataHeader& out, Bytes& payload) {
    ByteReader in(packet);
    const std::uint16_t flags = in.u16();
    if (in.failed()) {
        return WireError::kTruncated;
    }
    if ((flags & kVersionMask) != 2) {
        return WireError::kUnsupportedVersion;
    }
    if ((flags & kFlagType) != 0) {
        return WireError::kBadControlBits;
    }
    out = V2DataHeader{};
    out.has_length = (flags & kFlagLength) != 0;
    out.has_sequence = (flags & kFlagSequence) != 0;
    out.has_offset = (flags & kFlagOffset) != 0;
    out.priority = (flags & kFlagPriority) != 0;
    if (out.has_length) {
        out.length = in.u16();
    }
    out.tunnel_id = in.u16();
    out.session_id = in.u16();
    if (out.has_sequence) {
        out.ns = in.u16();
        out.nr = in.u16();
    }
    if (out.has_offset) {
        out.offset_size = in.u16();
        in.skip(out.offset_size);
    }
    if (in.failed()) {
        return WireError::kTruncated;
    }
    std::size_t end = packet.size();
    if (out.has_length) {
        if (out.length < in.position()) {
            return WireError::kBadLength;
        }
        if (out.length > packet.size()) {
            return WireError::kTruncated;
        }
        end = out.length;
    }
    payload = packet.subspan(in.position(), end - in.position());
    return WireError::kNone;
}

void encode_v2_data_header(ByteWriter& out, const V2DataHeader& header) {
    std::uint16_t flags = 2;
    flags |= header.has_length ? kFlagLength : 0;
    flags |= header.has_sequence ? kFlagSequence : 0;
    flags |= header.has_offset ? kFlagOffset : 0;
    flags |= header.priority ? kFlagPriority : 0;
    out.u16(flags);
    if (header.has_length) {
        out.u16(header.length);
    }
    out.u16(header.tunnel_id);
    out.u16(header.session_id);
    if (header.has_sequence) {
        out.u16(header.ns);
        out.u16(header.nr);
    }
    if (header.has_offset) {
        out.u16(header.offset_size);
        for (std::uint16_t i = 0; i < header.offset_size; ++i) {
            out.u8(0);
        }
    }
}

WireError peek_v3_session_id(Bytes packet, Encapsulation encapsulation, std::uint32_t& session_id) {
    const std::size_t at = encapsulation == Encapsulation::kUdp ? 4 : 0;
    if (packet.size() < at + 4) {
        return WireError::kTruncated;
    }
    session_id = load_u32(packet, at);
    // A zero Session ID is reserved for control messages (RFC 3931 §4.1.1.2).
    return session_id == 0 ? WireError::kNotControl : WireError::kNone;
}

WireError decode_v3_data_header(Bytes packet, Encapsulation encapsulation,
                                std::uint8_t cookie_length, L2SpecificSublayer sublayer,
                                V3DataHeader& out, Bytes& payload) {
    if (cookie_length != 0 && cookie_length != 4 && cookie_length != 8) {
        return WireError::kBadLength;
    }
    ByteReader in(packet);
    if (encapsulation == Encapsulation::kUdp) {
        const std::uint16_t flags = in.u16();
        in.skip(2);  // Reserved: ignored on receipt (RFC 3931 §4.1.2.1)
        if (in.failed()) {
            return WireError::kTruncated;
        }
        if ((flags & kVersionMask) != 3) {
            return WireError::kUnsupportedVersion;
        }
        if ((flags & kFlagType) != 0) {
            return WireError::kBadControlBits;
        }
    }
    out = V3DataHeader{};
    out.session_id = in.u32();
    out.cookie_length = cookie_length;
    const Bytes cookie = in.bytes(cookie_length);
    std::copy(cookie.begin(), cookie.end(), out.cookie.begin());
    out.sublayer = sublayer;
    if (sublayer == L2SpecificSublayer::kDefault) {
        // RFC 3931 §4.6: |x|S|x|x|x|x|x|x| 24-bit Sequence Number |
        const std::uint32_t word = in.u32();
        out.sequenced = (word & kL2ssSequenceBit) != 0;
        out.sequence = word & kL2ssSequenceMask;
    }
    if (in.failed()) {
        return WireError::kTruncated;
    }
    if (out.session_id == 0) {
        return WireError::kNotControl;
    }
    payload = packet.subspan(in.position());
    return WireError::kNone;
}

void encode_v3_data_header(ByteWriter& out, Encapsulation encapsulation,
                           const V3DataHeader& header) {
    if (encapsulation == Encapsulation::kUdp) {
        out.u16(3);
        out.u16(0);
    }
    out.u32(header.session_id);
    out.bytes(Bytes(header.cookie.data(), header.cookie_length));
    if (header.sublayer == L2SpecificSublayer::kDefault) {
        std::uint32_t word = header.sequence & kL2ssSequenceMask;
        if (header.sequenced) {
            word |= kL2ssSequenceBit;
        }
        out.u32(word);
    }
}

}  // namespace l2tp::wire
