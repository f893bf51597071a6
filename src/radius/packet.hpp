// A RADIUS packet (RFC 2865 §3) and its codec:
//   | Code (1) | Identifier (1) | Length (2) | Authenticator (16) | Attributes ... |
// decode_packet checks everything RFC 2865 §3 and §5 fix about the framing and every value
// size the catalog knows; encode_packet refuses what could not be sent. Neither looks at the
// authenticators (authenticators.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/attribute.hpp"
#include "radius/attribute_catalog.hpp"
#include "radius/packet_code.hpp"

namespace l2tp::radius {

inline constexpr std::size_t kAuthenticatorSize = 16;
using Authenticator = std::array<std::uint8_t, kAuthenticatorSize>;

// RFC 2865 §3: "The minimum length is 20 and maximum length is 4096."
inline constexpr std::size_t kHeaderSize = 20;
inline constexpr std::size_t kMaxPacketLength = 4096;
inline constexpr std::size_t kAttributeHeaderSize = 2;  // Type, Length
inline constexpr std::size_t kAuthenticatorOffset = 4;

struct Packet {
    PacketCode code{};
    std::uint8_t identifier = 0;
    Authenticator authenticator{};
    std::vector<Attribute> attributes;  // in wire order; a type may repeat

    // The first attribute of `type`, or nullptr.
    const Attribute* find(AttributeType type) const;
    bool operator==(const Packet&) const = default;
};

enum class DecodeFault : std::uint8_t {
    kNone,
    kShorterThanHeader,        // fewer than 20 octets
    kLengthOutOfRange,         // Length field below 20 or above 4096
    kShorterThanLength,        // the datagram ends before its Length field says
    kAttributeHeaderCut,       // one octet left where an attribute's Type and Length belong
    kAttributeLengthBelowTwo,  // an attribute Length below 2
    kAttributeOverrunsPacket,  // an attribute reaching past the packet's Length
    kBadValueLength,           // a value size outside what its catalog kind allows
    kBadIpv6Prefix,            // Prefix-Length above 128, or more than the prefix octets carry
};

std::string_view decode_fault_name(DecodeFault fault);

struct DecodeError {
    DecodeFault fault = DecodeFault::kNone;
    std::size_t offset = 0;     // of the header or of the attribute at fault
    AttributeType attribute{};  // the attribute at fault, where there is one

    explicit operator bool() const { return fault != DecodeFault::kNone; }
};

// "Acct-Status-Type at offset 20: value length outside its kind's bounds": what went wrong and
// where, for a log line (plain ASCII: nothing of it is copied from the packet).
std::string describe(const DecodeError& error);

// Decodes a received datagram. Octets beyond the Length field are padding and ignored (RFC 2865
// §3); a datagram shorter than its Length is refused, as is every malformed attribute: RFC 2865
// §5 has a receiver treat a packet with an invalid attribute Length as malformed. `out` is
// complete only when no error is returned.
DecodeError decode_packet(Bytes datagram, Packet& out);

// decode_packet in two steps, for a receiver that answers a packet whose framing holds but whose
// values do not (RFC 5176 §3.5's Invalid Request): the header and each attribute's Type and
// Length, then each value of a catalogued type against its kind.
DecodeError decode_framing(Bytes datagram, Packet& out);
DecodeError check_values(const Packet& packet);

enum class EncodeFault : std::uint8_t {
    kNone,
    kAttributeTooLong,  // a value above 253 octets (RFC 2865 §5: Length is one octet)
    kPacketTooLong,     // above 4096 octets (RFC 2865 §3)
};

std::string_view encode_fault_name(EncodeFault fault);

// The wire octets of `packet`, its Length field computed, its authenticator as it stands.
EncodeFault encode_packet(const Packet& packet, std::vector<std::uint8_t>& out);

}  // namespace l2tp::radius
