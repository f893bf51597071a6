#include "l2tp/wire/md5_hash.hpp"

#include <stdexcept>

namespace l2tp::wire {

namespace {

// Fetched once: OpenSSL 3 otherwise looks the algorithm up on every EVP_DigestInit_ex.
const EVP_MD* md5_algorithm() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "MD5", nullptr);
    if (md == nullptr) {
        throw std::runtime_error("OpenSSL provides no MD5");
    }
    return md;
}

}  // namespace

Md5Hash::Md5Hash() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), md5_algorithm(), nullptr) != 1) {
        throw std::runtime_error("EVP_DigestInit_ex(MD5) failed");
    }
}

Md5Hash& Md5Hash::update(Bytes data) {
    if (!data.empty()) {
        EVP_DigestUpdate(ctx_.get(), data.data(), data.size());
    }
    return *this;
}

Md5Digest Md5Hash::finish() {
    Md5Digest out{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), out.data(), &size);
    return out;
}

}  // namespace l2tp::wire
