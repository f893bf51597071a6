#include "radius/md5.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace l2tp::radius {

Md5Digest md5(std::initializer_list<wire::Bytes> pieces) {
    wire::Md5Hash hash;
    for (const wire::Bytes piece : pieces) {
        hash.update(piece);
    }
    return hash.finish();
}

Md5Digest hmac_md5(wire::Bytes key, wire::Bytes message) {
    // An empty key still needs a valid pointer.
    static constexpr std::uint8_t kNoKey = 0;
    Md5Digest out{};
    std::size_t size = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "MD5", nullptr, key.empty() ? &kNoKey : key.data(),
                  key.size(), message.data(), message.size(), out.data(), out.size(),
                  &size) == nullptr) {
        throw std::runtime_error("EVP_Q_mac(HMAC-MD5) failed");
    }
    return out;
}

}  // namespace l2tp::radius
