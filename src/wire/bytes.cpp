#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

Bytes ByteReader::bytes(std::size_t count) {
    if (failed_ || count > data_.size() - pos_) {
        failed_ = true;
        return {};
    }
    Bytes out = data_.subspan(pos_, count);
    pos_ += count;
    return out;
}

std::uint64_t ByteReader::take(std::size_t count) {
    Bytes raw = bytes(count);
    std::uint64_t v = 0;
    for (std::uint8_t b : raw) {
        v = (v << 8) | b;
    }
    return v;
}

void ByteWriter::u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
}

void ByteWriter::u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
}

void ByteWriter::u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
}

std::uint16_t load_u16(Bytes data, std::size_t offset) {
    return static_cast<std::uint16_t>((data[offset] << 8) | data[offset + 1]);
}

std::uint32_t load_u32(Bytes data, std::size_t offset) {
    return (std::uint32_t{load_u16(data, offset)} << 16) | load_u16(data, offset + 2);
}

void store_u16(MutableBytes data, std::size_t offset, std::uint16_t v) {
    data[offset] = static_cast<std::uint8_t>(v >> 8);
    data[offset + 1] = static_cast<std::uint8_t>(v);
}

void store_u32(MutableBytes data, std::size_t offset, std::uint32_t v) {
    store_u16(data, offset, static_cast<std::uint16_t>(v >> 16));
    store_u16(data, offset + 2, static_cast<std::uint16_t>(v));
}

std::string to_hex(Bytes data) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (const std::uint8_t b : data) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0f]);
    }
    return out;
}

}  // namespace l2tp::wire
