// Challenge Response (RFC 2661 §4.4.3) against vectors computed by independent_vectors.py.
#include "l2tp/wire/challenge.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

TEST(ChallengeResponse, MatchesIndependentVectors) {
    std::vector<std::uint8_t> challenge(16);
    std::iota(challenge.begin(), challenge.end(), 0);
    const auto secret = to_vector("tunnel-secret");
    EXPECT_EQ(to_hex(compute_challenge_response(MessageType::kSccrp, secret, challenge)),
              "6c0da2faf7a397aa3f88f55061ea9134");
    EXPECT_EQ(to_hex(compute_challenge_response(MessageType::kScccn, secret, to_vector("abc"))),
              "c34e403640198c8d20093d9a64b7a354");
}

TEST(ChallengeResponse, MatchingIsExact) {
    const auto secret = to_vector("s");
    const auto challenge = to_vector("c");
    const ChallengeResponse r = compute_challenge_response(MessageType::kSccrp, secret, challenge);
    EXPECT_TRUE(challenge_response_matches(r, r));
    auto wrong = std::vector<std::uint8_t>(r.begin(), r.end());
    wrong[15] ^= 1;
    EXPECT_FALSE(challenge_response_matches(r, wrong));
    EXPECT_FALSE(challenge_response_matches(r, Bytes(r.data(), 15)));
    // The ID octet is the carrying message's type: an SCCCN response differs.
    EXPECT_NE(compute_challenge_response(MessageType::kScccn, secret, challenge), r);
}

}  // namespace
}  // namespace l2tp::wire
