#include "l2tp/wire/avp.hpp"

namespace l2tp::wire {

bool AvpWalker::next(RawAvp& out) {
    if (error_ != AvpWalkError::kNone || pos_ == body_.size()) {
        return false;
    }
    const std::size_t left = body_.size() - pos_;
    if (left < kAvpHeaderSize) {
        error_ = AvpWalkError::kTruncatedHeader;
        return false;
    }
    const Bytes at = body_.subspan(pos_);
    const std::uint16_t flags_length = load_u16(at, 0);
    const std::uint16_t length = flags_length & 0x03ff;
    if (length < kAvpHeaderSize) {
        error_ = AvpWalkError::kLengthTooSmall;
        return false;
    }
    if (length > left) {
        error_ = AvpWalkError::kLengthOverrun;
        return false;
    }
    out.header.mandatory = (at[0] & kAvpMandatoryBit) != 0;
    out.header.hidden = (at[0] & kAvpHiddenBit) != 0;
    out.header.reserved_bits = (at[0] & kAvpReservedBits) != 0;
    out.header.length = length;
    out.header.key = AvpKey{load_u16(at, 2), load_u16(at, 4)};
    out.offset = base_offset_ + pos_;
    out.value = at.subspan(kAvpHeaderSize, length - kAvpHeaderSize);
    pos_ += length;
    return true;
}

void write_avp_header(ByteWriter& out, bool mandatory, bool hidden, AvpKey key,
                      std::size_t value_length) {
    const auto length = static_cast<std::uint16_t>(kAvpHeaderSize + value_length);
    std::uint16_t first = length & 0x03ff;
    if (mandatory) {
        first |= std::uint16_t{kAvpMandatoryBit} << 8;
    }
    if (hidden) {
        first |= std::uint16_t{kAvpHiddenBit} << 8;
    }
    out.u16(first);
    out.u16(key.vendor);
    out.u16(key.type);
}

}  // namespace l2tp::wire
