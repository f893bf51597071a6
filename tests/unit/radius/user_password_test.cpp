// User-Password hiding (RFC 2865 §5.2): the RFC 2865 §7.1 example, a multi-block vector from
// independent_vectors.py, and round trips of every length.
#include "radius/user_password.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "support/rfc2865_examples.hpp"
#include "support/test_hex.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::kRfc2865AccessRequest;
using l2tp::testing::kRfc2865Secret;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

Authenticator counting_authenticator() {
    Authenticator authenticator{};
    std::iota(authenticator.begin(), authenticator.end(), 0);
    return authenticator;
}

TEST(RadiusUserPassword, RevealsAndHidesTheRfc2865Example) {
    Packet request;
    ASSERT_FALSE(decode_packet(from_hex(kRfc2865AccessRequest), request));
    const auto secret = to_vector(kRfc2865Secret);
    const auto& hidden = request.find(attr::kUserPassword)->value;
    EXPECT_EQ(reveal_user_password(hidden, secret, request.authenticator), to_vector("arctangent"));
    EXPECT_EQ(hide_user_password(to_vector("arctangent"), secret, request.authenticator), hidden);
}

TEST(RadiusUserPassword, HidesTwoBlocksAsTheIndependentVector) {
    const auto hidden = hide_user_password(to_vector("a-password-longer-than-one-block"),
                                           to_vector("radius-secret"), counting_authenticator());
    ASSERT_TRUE(hidden);
    EXPECT_EQ(to_hex(*hidden), "06f072ffd352f3f051de2f31f7829357309e2a3fa4ba238fe5c461714c51e99d");
}

TEST(RadiusUserPassword, RoundTripsEveryLength) {
    const auto secret = to_vector("radius-secret");
    for (std::size_t length = 0; length <= kMaxUserPasswordLength; ++length) {
        std::vector<std::uint8_t> password(length);
        std::iota(password.begin(), password.end(), 1);
        const auto hidden = hide_user_password(password, secret, counting_authenticator());
        ASSERT_TRUE(hidden);
        EXPECT_EQ(hidden->size(), std::max<std::size_t>(16, (length + 15) / 16 * 16));
        EXPECT_EQ(reveal_user_password(*hidden, secret, counting_authenticator()), password);
    }
}

TEST(RadiusUserPassword, RefusesWhatDoesNotFit) {
    const auto secret = to_vector("radius-secret");
    EXPECT_EQ(
        hide_user_password(std::vector<std::uint8_t>(129, 'x'), secret, counting_authenticator()),
        std::nullopt);
    for (std::size_t size : {0u, 15u, 17u, 144u}) {
        EXPECT_EQ(reveal_user_password(std::vector<std::uint8_t>(size, 1), secret,
                                       counting_authenticator()),
                  std::nullopt)
            << size;
    }
}

}  // namespace
}  // namespace l2tp::radius
