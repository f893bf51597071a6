// L2TP packet headers: the v2 control and data header (RFC 2661 §3.1), the v3 control header
// over UDP and over IP (RFC 3931 §3.2.1, §4.1.1.2), the v3 data session header with its cookie
// (RFC 3931 §4.1.1.1, §4.1.2.1) and the Default L2-Specific Sublayer (RFC 3931 §4.6).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/protocol_version.hpp"
#include "l2tp/wire/wire_error.hpp"

namespace l2tp::wire {

// First 16 bits of a v2 header and of a v3 header over UDP.
//   |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |
inline constexpr std::uint16_t kFlagType = 0x8000;
inline constexpr std::uint16_t kFlagLength = 0x4000;
inline constexpr std::uint16_t kFlagSequence = 0x0800;
inline constexpr std::uint16_t kFlagOffset = 0x0200;
inline constexpr std::uint16_t kFlagPriority = 0x0100;
inline constexpr std::uint16_t kVersionMask = 0x000f;

// Both control headers are 12 octets: flags, Length, 32 bits of IDs, Ns, Nr.
inline constexpr std::size_t kControlHeaderSize = 12;
// Over IP a control message is preceded by a zero Session ID (RFC 3931 §4.1.1.2).
inline constexpr std::size_t kIpControlPrefixSize = 4;
// Ns and Nr sit at the same offset in both versions.
inline constexpr std::size_t kSequenceOffset = 8;

struct ControlHeader {
    ProtocolVersion version = ProtocolVersion::kV2;
    // v2: Tunnel ID (16 bits); v3: Control Connection ID. The recipient's ID in both.
    std::uint32_t connection_id = 0;
    std::uint16_t session_id = 0;  // v2 only
    std::uint16_t ns = 0;
    std::uint16_t nr = 0;
    std::uint16_t length = 0;  // of the whole control message, header included

    friend bool operator==(const ControlHeader&, const ControlHeader&) = default;
};

// What kind of packet arrived; decided from the Ver field and the T bit (UDP) or the Session
// ID (IP), before anything else is read (RFC 3931 §4.1.2.1 "inspect Ver first").
enum class PacketKind : std::uint8_t { kInvalid, kControl, kV2Data, kV3Data };

struct PacketClass {
    PacketKind kind = PacketKind::kInvalid;
    ProtocolVersion version = ProtocolVersion::kV2;
    WireError error = WireError::kNone;
};

PacketClass classify_packet(Bytes packet, Encapsulation encapsulation);

// Decodes a control header. `message` is set to the control message proper (header and AVPs,
// exactly Length octets; over IP without the zero prefix). Trailing octets past Length are not
// part of the message.
WireError decode_control_header(Bytes packet, Encapsulation encapsulation, ControlHeader& out,
                                Bytes& message);

// Appends a control header with Length set to kControlHeaderSize; the builder patches Length
// when the message is complete. Over IP the zero prefix is not written: callers prepend it
// when sending (the digest is computed over the message without it).
void encode_control_header(ByteWriter& out, const ControlHeader& header);

// Patches Length / Ns / Nr of an encoded control message in place.
void set_control_length(MutableBytes message, std::uint16_t length);
void set_sequence_numbers(MutableBytes message, std::uint16_t ns, std::uint16_t nr);

// A zero-length body control message: an acknowledgement only (RFC 2661 §5.8).
std::vector<std::uint8_t> encode_zlb(const ControlHeader& header);

// The Message Type of a control message as this library builds them (12-octet header, the
// Message Type AVP first, RFC 2661 §4.4.1): nothing for a ZLB, or when the first AVP is not
// a Message Type. For counting what is sent without decoding it again.
std::optional<std::uint16_t> peek_built_message_type(Bytes message);

// L2TPv2 data header (RFC 2661 §3.1); the optional fields are present when their flag is.
struct V2DataHeader {
    std::uint16_t tunnel_id = 0;
    std::uint16_t session_id = 0;
    bool has_length = false;
    std::uint16_t length = 0;
    bool has_sequence = false;
    std::uint16_t ns = 0;
    std::uint16_t nr = 0;
    bool has_offset = false;
    std::uint16_t offset_size = 0;
    bool priority = false;

    friend bool operator==(const V2DataHeader&, const V2DataHeader&) = default;
};

// Decodes a v2 data header; `payload` is set to the PPP frame after the header and padding.
WireError decode_v2_data_header(Bytes packet, V2DataHeader& out, Bytes& payload);
void encode_v2_data_header(ByteWriter& out, const V2DataHeader& header);

// The L2-Specific Sublayer negotiated for a v3 session (RFC 3931 §5.4.4, §10.9).
enum class L2SpecificSublayer : std::uint8_t { kNone = 0, kDefault = 1 };

// L2TPv3 data header, over UDP or IP. The cookie length and sublayer are per session, known
// from negotiation: peek_v3_session_id finds the session first.
struct V3DataHeader {
    std::uint32_t session_id = 0;
    std::uint8_t cookie_length = 0;  // 0, 4 or 8
    std::array<std::uint8_t, 8> cookie{};
    L2SpecificSublayer sublayer = L2SpecificSublayer::kNone;
    bool sequenced = false;      // Default L2SS S bit
    std::uint32_t sequence = 0;  // 24 bits

    friend bool operator==(const V3DataHeader&, const V3DataHeader&) = default;
};

WireError peek_v3_session_id(Bytes packet, Encapsulation encapsulation, std::uint32_t& session_id);
WireError decode_v3_data_header(Bytes packet, Encapsulation encapsulation,
                                std::uint8_t cookie_length, L2SpecificSublayer sublayer,
                                V3DataHeader& out, Bytes& payload);
void encode_v3_data_header(ByteWriter& out, Encapsulation encapsulation,
                           const V3DataHeader& header);

}  // namespace l2tp::wire
