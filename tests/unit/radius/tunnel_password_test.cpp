// Tunnel-Password (RFC 2868 §3.5): a vector from independent_vectors.py, round trips, and the
// values decrypt_tunnel_password refuses.
#include "radius/tunnel_password.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "support/test_hex.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_hex;
using l2tp::testing::to_vector;

const std::vector<std::uint8_t> kSecret = to_vector("radius-secret");
// independent_vectors.py: tag 1, salt 0x8123, "l2tp-tunnel-secret", Request Authenticator 00..0f.
constexpr std::string_view kVector =
    "01812345c1e8d00990f0a7703c9ab49191c7d5327dcdabb3a8d7bf0d5f945d2b9b61dd";

Authenticator counting_authenticator() {
    Authenticator authenticator{};
    std::iota(authenticator.begin(), authenticator.end(), 0);
    return authenticator;
}

TEST(RadiusTunnelPassword, EncryptsAsTheIndependentVector) {
    const auto value = encrypt_tunnel_password(1, to_vector("l2tp-tunnel-secret"), 0x8123, kSecret,
                                               counting_authenticator());
    ASSERT_TRUE(value);
    EXPECT_EQ(to_hex(*value), kVector);
    EXPECT_EQ(decrypt_tunnel_password(from_hex(kVector), kSecret, counting_authenticator()),
              (TunnelPassword{1, to_vector("l2tp-tunnel-secret")}));
}

TEST(RadiusTunnelPassword, SetsTheSaltsTopBit) {
    const auto value =
        encrypt_tunnel_password(0, to_vector("pw"), 0x0001, kSecret, counting_authenticator());
    ASSERT_TRUE(value);
    EXPECT_EQ(to_hex(std::vector<std::uint8_t>(value->begin(), value->begin() + 3)), "008001");
}

TEST(RadiusTunnelPassword, RoundTripsEveryLength) {
    for (std::size_t length = 0; length <= kMaxTunnelPasswordLength; ++length) {
        std::vector<std::uint8_t> password(length);
        std::iota(password.begin(), password.end(), 7);
        const auto value =
            encrypt_tunnel_password(0x1f, password, 0x9000, kSecret, counting_authenticator());
        ASSERT_TRUE(value);
        EXPECT_LE(value->size(), kMaxValueLength);
        EXPECT_EQ(decrypt_tunnel_password(*value, kSecret, counting_authenticator()),
                  (TunnelPassword{0x1f, password}));
    }
}

TEST(RadiusTunnelPassword, RefusesWhatDoesNotFit) {
    const auto authenticator = counting_authenticator();
    EXPECT_EQ(encrypt_tunnel_password(0x20, to_vector("pw"), 0x8000, kSecret, authenticator),
              std::nullopt);
    EXPECT_EQ(encrypt_tunnel_password(1, std::vector<std::uint8_t>(240, 'x'), 0x8000, kSecret,
                                      authenticator),
              std::nullopt);

    const std::vector<std::uint8_t> good = from_hex(kVector);
    std::vector<std::uint8_t> short_value(good.begin(), good.begin() + 18);  // a partial block
    EXPECT_EQ(decrypt_tunnel_password(short_value, kSecret, authenticator), std::nullopt);
    std::vector<std::uint8_t> no_salt_bit = good;
    no_salt_bit[1] &= 0x7f;
    EXPECT_EQ(decrypt_tunnel_password(no_salt_bit, kSecret, authenticator), std::nullopt);
    std::vector<std::uint8_t> long_length = good;
    long_length[3] ^= 0xff;  // Data-Length 18 becomes 237, beyond the 31 octets carried
    EXPECT_EQ(decrypt_tunnel_password(long_length, kSecret, authenticator), std::nullopt);
    // The wrong secret gives another Data-Length or other octets, never the password.
    const auto wrong = decrypt_tunnel_password(good, to_vector("other"), authenticator);
    EXPECT_TRUE(!wrong || wrong->password != to_vector("l2tp-tunnel-secret"));
}

}  // namespace
}  // namespace l2tp::radius
