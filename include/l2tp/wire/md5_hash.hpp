// Incremental MD5 through OpenSSL's EVP interface: the hidden AVP and the Challenge Response
// hash a concatenation of fields (RFC 2661 §4.3, §4.4.3), and so do RADIUS's authenticators
// and password ciphers (RFC 2865 §3, §5.2).
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

inline constexpr std::size_t kMd5Size = 16;
using Md5Digest = std::array<std::uint8_t, kMd5Size>;

class Md5Hash {
  public:
    Md5Hash();
    Md5Hash& update(Bytes data);
    Md5Digest finish();

  private:
    struct CtxDeleter {
        void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx_;
};

}  // namespace l2tp::wire
