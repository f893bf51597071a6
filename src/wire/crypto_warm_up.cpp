#include "l2tp/wire/crypto_warm_up.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "l2tp/wire/md5_hash.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::wire {

void warm_up_crypto() {
    if (OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, nullptr) != 1) {
        throw std::runtime_error("OpenSSL failed to initialise");
    }
    std::array<std::uint8_t, 1> octet{};
    system_random().fill(octet);       // seeds the generator and fills this thread's pool
    (void)Md5Hash().finish();          // Challenge Response, hidden AVPs (RFC 2661 §4.3, §4.4.3)
    (void)derive_shared_key(Bytes{});  // HMAC-MD5, RFC 3931 §5.4.1
    // HMAC-SHA-1: the fetch is cached by OpenSSL for the template made on its first use.
    EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    if (sha1 == nullptr) {
        throw std::runtime_error("OpenSSL provides no SHA-1");
    }
    EVP_MD_free(sha1);
}

}  // namespace l2tp::wire
