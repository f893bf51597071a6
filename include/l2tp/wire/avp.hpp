// The AVP header and the one bounded reader that walks a message's AVPs (RFC 2661 §4.1,
// RFC 3931 §5.1).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |M|H| rsvd  |      Length       |           Vendor ID           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Attribute Type        |        Attribute Value ...
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstddef>
#include <cstdint>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

// An AVP is always named by (vendor, type), never by type alone.
struct AvpKey {
    std::uint16_t vendor = 0;
    std::uint16_t type = 0;

    friend constexpr bool operator==(AvpKey, AvpKey) = default;
    friend constexpr auto operator<=>(AvpKey, AvpKey) = default;
};

inline constexpr std::uint16_t kIetfVendor = 0;
inline constexpr std::uint16_t kCiscoVendor = 9;

inline constexpr std::size_t kAvpHeaderSize = 6;
inline constexpr std::size_t kAvpMaxLength = 1023;  // the 10-bit Length field

inline constexpr std::uint8_t kAvpMandatoryBit = 0x80;
inline constexpr std::uint8_t kAvpHiddenBit = 0x40;
inline constexpr std::uint8_t kAvpReservedBits = 0x3c;

struct AvpHeader {
    bool mandatory = false;
    bool hidden = false;
    bool reserved_bits = false;  // any of the four reserved flag bits set
    std::uint16_t length = 0;    // header included
    AvpKey key;
};

// One AVP as found in a buffer: its header, where it starts, and its (possibly hidden) value.
struct RawAvp {
    AvpHeader header;
    std::size_t offset = 0;  // of the AVP header within the walked buffer
    Bytes value;
};

enum class AvpWalkError : std::uint8_t {
    kNone,
    kTruncatedHeader,  // fewer than 6 octets left
    kLengthTooSmall,   // Length < 6
    kLengthOverrun,    // Length beyond the end of the message
};

// Walks the AVPs of a message body. next() rejects a Length below 6 or past the end, and on
// success always advances by exactly Length, so skipping an AVP can never desynchronise the walk.
class AvpWalker {
  public:
    explicit AvpWalker(Bytes body, std::size_t base_offset = 0)
        : body_(body), base_offset_(base_offset) {}

    // Returns false at the end of the body or on error; error() tells which.
    bool next(RawAvp& out);
    [[nodiscard]] AvpWalkError error() const { return error_; }
    // Offset (relative to base_offset) at which the walk stopped.
    [[nodiscard]] std::size_t position() const { return base_offset_ + pos_; }

  private:
    Bytes body_;
    std::size_t base_offset_;
    std::size_t pos_ = 0;
    AvpWalkError error_ = AvpWalkError::kNone;
};

// Writes an AVP header; `value_length` excludes the 6 header octets.
void write_avp_header(ByteWriter& out, bool mandatory, bool hidden, AvpKey key,
                      std::size_t value_length);

}  // namespace l2tp::wire
