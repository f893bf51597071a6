#include "radius/tunnel_password.hpp"

#include <algorithm>
#include <array>

#include "radius/attribute.hpp"
#include "radius/password_cipher.hpp"

namespace l2tp::radius {

namespace {

constexpr std::size_t kSaltOffset = 1;  // after the Tag
constexpr std::size_t kSaltSize = 2;
constexpr std::size_t kCipherOffset = kSaltOffset + kSaltSize;
constexpr std::uint8_t kSaltTopBit = 0x80;

// The cipher's seed: Request Authenticator, then the salt.
std::array<std::uint8_t, kAuthenticatorSize + kSaltSize> seed_of(
    const Authenticator& request_authenticator, wire::Bytes salt) {
    std::array<std::uint8_t, kAuthenticatorSize + kSaltSize> seed{};
    std::ranges::copy(request_authenticator, seed.begin());
    std::ranges::copy(salt, seed.begin() + kAuthenticatorSize);
    return seed;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> encrypt_tunnel_password(
    std::uint8_t tag, wire::Bytes password, std::uint16_t salt, wire::Bytes secret,
    const Authenticator& request_authenticator) {
    if (tag > kMaxTag || password.size() > kMaxTunnelPasswordLength) {
        return std::nullopt;
    }
    const std::size_t plain = 1 + password.size();
    const std::size_t blocks = (plain + kPasswordBlockSize - 1) / kPasswordBlockSize;
    std::vector<std::uint8_t> value(kCipherOffset + blocks * kPasswordBlockSize, 0);
    value[0] = tag;
    wire::store_u16(value, kSaltOffset, static_cast<std::uint16_t>(salt | (kSaltTopBit << 8)));
    value[kCipherOffset] = static_cast<std::uint8_t>(password.size());
    std::ranges::copy(password, value.begin() + kCipherOffset + 1);
    const auto seed =
        seed_of(request_authenticator, wire::Bytes(value).subspan(kSaltOffset, kSaltSize));
    encipher_password_blocks(wire::MutableBytes(value).subspan(kCipherOffset), secret, seed);
    return value;
}

std::optional<TunnelPassword> decrypt_tunnel_password(wire::Bytes value, wire::Bytes secret,
                                                      const Authenticator& request_authenticator) {
    if (value.size() < kCipherOffset + kPasswordBlockSize ||
        (value.size() - kCipherOffset) % kPasswordBlockSize != 0 ||
        (value[kSaltOffset] & kSaltTopBit) == 0) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> plain(value.begin() + kCipherOffset, value.end());
    decipher_password_blocks(plain, secret,
                             seed_of(request_authenticator, value.subspan(kSaltOffset, kSaltSize)));
    const std::size_t length = plain[0];
    if (length > plain.size() - 1) {
        return std::nullopt;
    }
    return TunnelPassword{
        value[0], std::vector<std::uint8_t>(
                      plain.begin() + 1, plain.begin() + 1 + static_cast<std::ptrdiff_t>(length))};
}

}  // namespace l2tp::radius
