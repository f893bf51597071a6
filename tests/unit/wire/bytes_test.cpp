#include "l2tp/wire/bytes.hpp"

#include <gtest/gtest.h>

#include <array>

namespace l2tp::wire {
namespace {

TEST(ByteReader, ReadsBigEndianFields) {
    const std::array<std::uint8_t, 15> data{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    ByteReader in(data);
    EXPECT_EQ(in.u8(), 0x01);
    EXPECT_EQ(in.u16(), 0x0203);
    EXPECT_EQ(in.u32(), 0x04050607u);
    EXPECT_EQ(in.u64(), 0x08090a0b0c0d0e0full);
    EXPECT_FALSE(in.failed());
    EXPECT_EQ(in.remaining(), 0u);
}

TEST(ByteReader, ShortReadFailsAndStaysFailed) {
    const std::array<std::uint8_t, 3> data{1, 2, 3};
    ByteReader in(data);
    EXPECT_EQ(in.u32(), 0u);
    EXPECT_TRUE(in.failed());
    EXPECT_EQ(in.u8(), 0u);  // even though one octet would fit
    EXPECT_EQ(in.remaining(), 0u);
    EXPECT_TRUE(in.bytes(1).empty());
}

TEST(ByteWriter, WritesBigEndianAndPatches) {
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    w.u16(0x0102);
    w.u32(0x03040506);
    w.u64(0x0708090a0b0c0d0e);
    ASSERT_EQ(out.size(), 14u);
    EXPECT_EQ(load_u16(out, 0), 0x0102);
    EXPECT_EQ(load_u32(out, 2), 0x03040506u);
    store_u16(out, 0, 0xbeef);
    store_u32(out, 2, 0xdeadc0de);
    EXPECT_EQ(load_u16(out, 0), 0xbeef);
    EXPECT_EQ(load_u32(out, 2), 0xdeadc0deu);
}

}  // namespace
}  // namespace l2tp::wire
