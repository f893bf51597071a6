// Bounded big-endian reading and writing of octet buffers. Every read checks the remaining
// length first; a failed read leaves the reader marked as failed and returns zero, so a
// parser can read a whole fixed layout and test once (RFC 2661 §3: network byte order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l2tp::wire {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

class ByteReader {
  public:
    explicit ByteReader(Bytes data) : data_(data) {}

    [[nodiscard]] std::size_t remaining() const { return failed_ ? 0 : data_.size() - pos_; }
    [[nodiscard]] std::size_t position() const { return pos_; }
    [[nodiscard]] bool failed() const { return failed_; }

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(take(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(take(4)); }
    std::uint64_t u64() { return take(8); }

    // Returns the next `count` octets, or an empty span (and marks failure) if fewer remain.
    Bytes bytes(std::size_t count);
    void skip(std::size_t count) { (void)bytes(count); }

  private:
    std::uint64_t take(std::size_t count);

    Bytes data_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

// Appends big-endian values to a growable buffer.
class ByteWriter {
  public:
    explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}

    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void bytes(Bytes v) { out_.insert(out_.end(), v.begin(), v.end()); }
    void text(std::string_view v) { out_.insert(out_.end(), v.begin(), v.end()); }

    [[nodiscard]] std::size_t size() const { return out_.size(); }

  private:
    std::vector<std::uint8_t>& out_;
};

// Reads and patches fixed positions of an already-written buffer.
std::uint16_t load_u16(Bytes data, std::size_t offset);
std::uint32_t load_u32(Bytes data, std::size_t offset);
void store_u16(MutableBytes data, std::size_t offset, std::uint16_t v);
void store_u32(MutableBytes data, std::size_t offset, std::uint32_t v);

// Two lower-case hex digits per octet, no separators (as dumps and `ip l2tp` show octets).
std::string to_hex(Bytes data);

}  // namespace l2tp::wire
