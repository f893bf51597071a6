#include "radius/user_password.hpp"

#include "radius/password_cipher.hpp"

namespace l2tp::radius {

std::optional<std::vector<std::uint8_t>> hide_user_password(
    wire::Bytes password, wire::Bytes secret, const Authenticator& request_authenticator) {
    if (password.size() > kMaxUserPasswordLength) {
        return std::nullopt;
    }
    const std::size_t blocks =
        password.empty() ? 1 : (password.size() + kPasswordBlockSize - 1) / kPasswordBlockSize;
    std::vector<std::uint8_t> hidden(blocks * kPasswordBlockSize, 0);
    std::copy(password.begin(), password.end(), hidden.begin());
    encipher_password_blocks(hidden, secret, request_authenticator);
    return hidden;
}

std::optional<std::vector<std::uint8_t>> reveal_user_password(
    wire::Bytes hidden, wire::Bytes secret, const Authenticator& request_authenticator) {
    if (hidden.empty() || hidden.size() > kMaxUserPasswordLength ||
        hidden.size() % kPasswordBlockSize != 0) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> password(hidden.begin(), hidden.end());
    decipher_password_blocks(password, secret, request_authenticator);
    while (!password.empty() && password.back() == 0) {
        password.pop_back();
    }
    return password;
}

}  // namespace l2tp::radius
