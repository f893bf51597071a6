// Hidden AVPs (RFC 2661 §4.3) against vectors computed by independent_vectors.py.
#include "l2tp/wire/hidden_avp.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

std::vector<std::uint8_t> random_vector() {
    std::vector<std::uint8_t> rv(16);
    std::iota(rv.begin(), rv.end(), 0);
    return rv;
}

const std::vector<std::uint8_t> kSecret = to_vector("tunnel-secret");

TEST(HiddenAvp, ShortValueMatchesIndependentVector) {
    std::vector<std::uint8_t> out;
    const auto value = from_hex("1234");
    append_hidden_value(out, 14, value, kSecret, random_vector(), 0);
    EXPECT_EQ(to_hex(out), "cb6b626e");

    Bytes plain;
    ASSERT_EQ(reveal_hidden_value(14, out, kSecret, random_vector(), plain), WireError::kNone);
    EXPECT_EQ(to_hex(plain), "1234");
}

TEST(HiddenAvp, MultiBlockValueWithPaddingIsRevealed) {
    // The independent vector used 5 octets of 0xee padding; ours pads randomly, so compare the
    // reveal of the independent ciphertext instead.
    auto hidden = from_hex("7c18fd0a1e4b0440eefba93dbce769179511f0612477eec67093082023");
    Bytes plain;
    ASSERT_EQ(reveal_hidden_value(30, hidden, kSecret, random_vector(), plain), WireError::kNone);
    EXPECT_EQ(std::string(plain.begin(), plain.end()), "subscriber@isp.example");
}

TEST(HiddenAvp, RoundTripsEveryLengthAndPadding) {
    for (std::size_t length = 0; length < 70; ++length) {
        std::vector<std::uint8_t> value(length);
        std::iota(value.begin(), value.end(), 100);
        for (std::size_t padding : {0u, 1u, 15u, 16u, 33u}) {
            std::vector<std::uint8_t> out;
            append_hidden_value(out, 30, value, kSecret, random_vector(), padding);
            ASSERT_EQ(out.size(), 2 + length + padding);
            Bytes plain;
            ASSERT_EQ(reveal_hidden_value(30, out, kSecret, random_vector(), plain),
                      WireError::kNone);
            EXPECT_EQ(std::vector<std::uint8_t>(plain.begin(), plain.end()), value);
        }
    }
}

TEST(HiddenAvp, WrongTypeSecretOrVectorDoesNotRevealTheValue) {
    std::vector<std::uint8_t> out;
    const auto value = to_vector("password");
    append_hidden_value(out, 30, value, kSecret, random_vector(), 16);
    for (int variant = 0; variant < 3; ++variant) {
        auto copy = out;
        auto rv = random_vector();
        auto secret = kSecret;
        std::uint16_t type = 30;
        if (variant == 0)
            type = 31;
        if (variant == 1)
            secret.push_back('x');
        if (variant == 2)
            rv[0] ^= 1;
        Bytes plain;
        const WireError e = reveal_hidden_value(type, copy, secret, rv, plain);
        if (e == WireError::kNone) {
            EXPECT_NE(std::vector<std::uint8_t>(plain.begin(), plain.end()), value);
        }
    }
}

TEST(HiddenAvp, RejectsDecipheredLengthBeyondTheAvp) {
    // Hide a 2-octet value, then cut the ciphertext: the inner length (2) no longer fits.
    std::vector<std::uint8_t> out;
    append_hidden_value(out, 14, from_hex("1234"), kSecret, random_vector(), 0);
    std::vector<std::uint8_t> cut(out.begin(), out.begin() + 3);
    Bytes plain;
    EXPECT_EQ(reveal_hidden_value(14, cut, kSecret, random_vector(), plain),
              WireError::kHiddenAvpError);
    std::vector<std::uint8_t> one(out.begin(), out.begin() + 1);
    EXPECT_EQ(reveal_hidden_value(14, one, kSecret, random_vector(), plain),
              WireError::kHiddenAvpError);
}

}  // namespace
}  // namespace l2tp::wire
