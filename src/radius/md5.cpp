#include "radius/md5.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace l2tp::radius {

namespace {

struct CtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Fetched once: OpenSSL 3 otherwise looks the algorithm up on every EVP_DigestInit_ex.
const EVP_MD* md5_algorithm() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "MD5", nullptr);
    if (md == nullptr) {
        throw std::runtime_error("OpenSSL provides no MD5");
    }
    return md;
}

}  // namespace

Md5Digest md5(std::initializer_list<wire::Bytes> pieces) {
    const std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), md5_algorithm(), nullptr) != 1) {
        throw std::runtime_error("EVP_DigestInit_ex(MD5) failed");
    }
    for (const wire::Bytes piece : pieces) {
        if (!piece.empty()) {
            EVP_DigestUpdate(ctx.get(), piece.data(), piece.size());
        }
    }
    Md5Digest out{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx.get(), out.data(), &size);
    return out;
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
