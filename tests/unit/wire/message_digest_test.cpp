// L2TPv3 Message Digest (RFC 3931 §5.4.1) against vectors computed by independent_vectors.py.
#include "l2tp/wire/message_digest.hpp"

#include <gtest/gtest.h>

#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

const std::vector<std::uint8_t> kSecret = to_vector("tunnel-secret");
const std::vector<std::uint8_t> kLocal(16, 'L');
const std::vector<std::uint8_t> kRemote(16, 'R');

constexpr const char* kHelloMd5 =
    "c803002b0102030400050007800800000000000680170000003b0000000000000000000000000000000000";
constexpr const char* kHelloSha1 =
    "c803002f01020304000500078008000000000006801b0000003b01"
    "0000000000000000000000000000000000000000";

TEST(MessageDigest, SharedKeyIsHmacMd5OfTwo) {
    EXPECT_EQ(to_hex(derive_shared_key(kSecret)), "37ed311751a858284e7bc1405d4f4620");
    // An empty secret is allowed: authentication off, digest as integrity check (RFC 3931 §4.3).
    EXPECT_EQ(to_hex(derive_shared_key({})), "7b6085fbf45933670abcb07a27fcea5e");
}

TEST(MessageDigest, HmacMd5WithNoncesMatchesIndependentVector) {
    auto message = from_hex(kHelloMd5);
    ASSERT_EQ(sign_control_message(message, derive_shared_key(kSecret), {kLocal, kRemote}),
              WireError::kNone);
    EXPECT_EQ(to_hex(Bytes(message).subspan(27, 16)), "4ede7c7d4a819e3cf5e19d53d59f688e");
    // The receiver sees the nonces the other way round.
    const SharedKey keys[] = {derive_shared_key(kSecret)};
    EXPECT_EQ(verify_control_message(message, keys, {kRemote, kLocal}), WireError::kNone);
    EXPECT_EQ(verify_control_message(message, keys, {kLocal, kRemote}), WireError::kBadDigest);
}

TEST(MessageDigest, HmacSha1MatchesIndependentVector) {
    auto message = from_hex(kHelloSha1);
    ASSERT_EQ(message.size(), 47u);
    ASSERT_EQ(sign_control_message(message, derive_shared_key(kSecret), {kLocal, kRemote}),
              WireError::kNone);
    EXPECT_EQ(to_hex(Bytes(message).subspan(27, 20)), "287daec1e87f387ece1055e0d60c9e300bf20d13");
}

TEST(MessageDigest, SccrqFormUsesNoNonces) {
    auto message = from_hex(kHelloMd5);
    ASSERT_EQ(sign_control_message(message, derive_shared_key(kSecret), {}), WireError::kNone);
    EXPECT_EQ(to_hex(Bytes(message).subspan(27, 16)), "9ffc23e65360f3a24c8e2b532d643961");
}

TEST(MessageDigest, AnyChangedOctetIsRejected) {
    auto message = from_hex(kHelloMd5);
    const SharedKey key = derive_shared_key(kSecret);
    sign_control_message(message, key, {kLocal, kRemote});
    const SharedKey keys[] = {key};
    for (std::size_t i = 0; i < message.size(); ++i) {
        auto tampered = message;
        tampered[i] ^= 0x01;
        EXPECT_NE(verify_control_message(tampered, keys, {kRemote, kLocal}), WireError::kNone)
            << "octet " << i;
    }
}

TEST(MessageDigest, EitherOfTwoKeysAndTwoDigestsIsAccepted) {
    // HELLO with an HMAC-MD5 digest followed by an HMAC-SHA-1 digest (RFC 3931 §5.4.1).
    auto message = from_hex(
        "c803004601020304000500078008000000000006"
        "80170000003b0000000000000000000000000000000000"
        "801b0000003b01"
        "0000000000000000000000000000000000000000");
    const SharedKey old_key = derive_shared_key(to_vector("old"));
    const SharedKey new_key = derive_shared_key(to_vector("new"));
    ASSERT_EQ(sign_control_message(message, new_key, {kLocal, kRemote}), WireError::kNone);
    const SharedKey both[] = {old_key, new_key};
    EXPECT_EQ(verify_control_message(message, both, {kRemote, kLocal}), WireError::kNone);
    const SharedKey only_old[] = {old_key};
    EXPECT_EQ(verify_control_message(message, only_old, {kRemote, kLocal}), WireError::kBadDigest);
}

TEST(MessageDigest, DigestOutOfPlaceOrMalformedIsMissing) {
    const SharedKey keys[] = {derive_shared_key(kSecret)};
    // Digest AVP not right after the Message Type.
    auto late = from_hex(
        "c8030033010203040005000780080000000000060008000000090001"
        "80170000003b0000000000000000000000000000000000");
    EXPECT_EQ(verify_control_message(late, keys, {}), WireError::kMissingDigest);
    // Digest Type 0 with a 20-octet value.
    auto bad = from_hex(kHelloSha1);
    bad[26] = 0;
    EXPECT_EQ(verify_control_message(bad, keys, {}), WireError::kMissingDigest);
    EXPECT_EQ(verify_control_message(from_hex("c803000c0102030400050007"), keys, {}),
              WireError::kMissingDigest);
}

}  // namespace
}  // namespace l2tp::wire
