// The one bounded AVP reader (docs/architecture.md, "One bounded reader"): Length < 6 and Length
// past the end are rejected, and every accepted AVP advances the walk by exactly its Length.
#include "l2tp/wire/avp.hpp"

#include <gtest/gtest.h>

#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;

TEST(AvpWalker, WalksAndSkipsByLength) {
    // M=1 H=0 len 8 vendor 0 type 0 value 0001; M=0 H=1 len 7 vendor 9 type 0x1234 value ff;
    // len 6 (empty) vendor 0 type 39
    const auto body = from_hex(
        "800800000000000140070009"
        "1234ff"
        "000600000027");
    AvpWalker walker(body, 12);
    RawAvp avp;
    ASSERT_TRUE(walker.next(avp));
    EXPECT_TRUE(avp.header.mandatory);
    EXPECT_FALSE(avp.header.hidden);
    EXPECT_EQ(avp.header.key, (AvpKey{0, 0}));
    EXPECT_EQ(avp.offset, 12u);
    ASSERT_EQ(avp.value.size(), 2u);
    ASSERT_TRUE(walker.next(avp));
    EXPECT_FALSE(avp.header.mandatory);
    EXPECT_TRUE(avp.header.hidden);
    EXPECT_EQ(avp.header.key, (AvpKey{9, 0x1234}));
    EXPECT_EQ(avp.offset, 20u);
    EXPECT_EQ(avp.value.size(), 1u);
    ASSERT_TRUE(walker.next(avp));
    EXPECT_EQ(avp.header.key, (AvpKey{0, 39}));
    EXPECT_TRUE(avp.value.empty());
    EXPECT_FALSE(walker.next(avp));
    EXPECT_EQ(walker.error(), AvpWalkError::kNone);
}

TEST(AvpWalker, ReservedBitsAreReported) {
    const auto body = from_hex(
        "a00800000000"
        "0001");
    AvpWalker walker(body);
    RawAvp avp;
    ASSERT_TRUE(walker.next(avp));
    EXPECT_TRUE(avp.header.reserved_bits);
}

TEST(AvpWalker, RejectsLengthBelowSix) {
    for (int length = 0; length < 6; ++length) {
        auto body = from_hex(
            "800000000000"
            "0000");
        body[1] = static_cast<std::uint8_t>(length);
        AvpWalker walker(body);
        RawAvp avp;
        EXPECT_FALSE(walker.next(avp));
        EXPECT_EQ(walker.error(), AvpWalkError::kLengthTooSmall) << length;
    }
}

TEST(AvpWalker, RejectsLengthPastTheEnd) {
    const auto body = from_hex(
        "80090000000000"
        "01");  // says 9, has 8
    AvpWalker walker(body);
    RawAvp avp;
    EXPECT_FALSE(walker.next(avp));
    EXPECT_EQ(walker.error(), AvpWalkError::kLengthOverrun);
}

TEST(AvpWalker, EveryTruncationOfAValidBodyIsRejectedNeverOverread) {
    const auto body = from_hex(
        "8008000000000001"
        "000b000000086c32747064"
        "000600000027");
    for (std::size_t cut = 1; cut < body.size(); ++cut) {
        // A copy of exactly `cut` octets, so ASan sees any read past it.
        const std::vector<std::uint8_t> part(body.begin(), body.begin() + static_cast<long>(cut));
        AvpWalker walker(part);
        RawAvp avp;
        std::size_t consumed = 0;
        while (walker.next(avp)) {
            consumed = avp.offset + avp.header.length;
        }
        EXPECT_LE(consumed, cut);
        if (cut != 8 && cut != 19) {
            EXPECT_NE(walker.error(), AvpWalkError::kNone) << "cut " << cut;
        }
    }
}

TEST(AvpWalker, WritesHeaderWithFlags) {
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    write_avp_header(w, true, true, AvpKey{9, 3}, 4);
    EXPECT_EQ(l2tp::testing::to_hex(out), "c00a00090003");
}

}  // namespace
}  // namespace l2tp::wire
