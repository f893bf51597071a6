#include "l2tp/wire/message_digest.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "l2tp/wire/avp.hpp"
#include "l2tp/wire/avp_catalog.hpp"
#include "l2tp/wire/header.hpp"

namespace l2tp::wire {

namespace {

constexpr std::size_t kMaxDigestSize = 20;
constexpr std::size_t kMaxDigestAvps = 2;  // RFC 3931 §5.4.1: "A second Message Digest AVP MAY"

struct MacDeleter {
    void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) {
        throw std::runtime_error("OpenSSL provides no HMAC");
    }
    return mac;
}

// One HMAC computation through OpenSSL's EVP_MAC interface, fed piece by piece.
// An HMAC context with its digest chosen but no key, one per digest type and thread: copying
// it is much cheaper than having OpenSSL look the digest up by name for every message.
EVP_MAC_CTX* hmac_template(DigestType type) {
    thread_local std::unique_ptr<EVP_MAC_CTX, MacDeleter> templates[2];
    auto& slot = templates[type == DigestType::kHmacMd5 ? 0 : 1];
    if (!slot) {
        char md5[] = "MD5";
        char sha1[] = "SHA1";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                             type == DigestType::kHmacMd5 ? md5 : sha1, 0),
            OSSL_PARAM_construct_end()};
        slot.reset(EVP_MAC_CTX_new(hmac_algorithm()));
        if (!slot || EVP_MAC_CTX_set_params(slot.get(), params) != 1) {
            throw std::runtime_error("HMAC digest selection failed");
        }
    }
    return slot.get();
}

class Hmac {
  public:
    Hmac(DigestType type, Bytes key) : ctx_(EVP_MAC_CTX_dup(hmac_template(type))) {
        // An empty key is legal (RFC 3931 §4.3 integrity check without a secret), but OpenSSL
        // reads a null pointer as "no key given": point at something, zero octets long.
        static constexpr std::uint8_t kNoKey = 0;
        const std::uint8_t* key_octets = key.empty() ? &kNoKey : key.data();
        if (!ctx_ || EVP_MAC_init(ctx_.get(), key_octets, key.size(), nullptr) != 1) {
            throw std::runtime_error("EVP_MAC_init(HMAC) failed");
        }
    }
    Hmac& update(Bytes data) {
        if (!data.empty()) {
            EVP_MAC_update(ctx_.get(), data.data(), data.size());
        }
        return *this;
    }
    std::size_t finish(std::array<std::uint8_t, kMaxDigestSize>& out) {
        std::size_t size = 0;
        EVP_MAC_final(ctx_.get(), out.data(), &size, out.size());
        return size;
    }

  private:
    std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx_;
};

struct DigestSlot {
    DigestType type;
    std::size_t value_offset;  // of the HMAC octets (after the Digest Type octet)
    std::size_t size;
};

struct DigestSlots {
    std::array<DigestSlot, kMaxDigestAvps> slots{};
    std::size_t count = 0;
};

bool is_digest_avp(AvpKey key) {
    return key == avp::kMessageDigest || key == avp::kCiscoMessageDigest;
}

// Finds the digest AVPs where RFC 3931 §5.4.1 puts them: immediately after the Message Type.
DigestSlots locate_digests(Bytes message) {
    DigestSlots found;
    if (message.size() < kControlHeaderSize) {
        return found;
    }
    AvpWalker walker(message.subspan(kControlHeaderSize), kControlHeaderSize);
    RawAvp raw;
    if (!walker.next(raw) || raw.header.key != avp::kMessageType) {
        return found;
    }
    while (found.count < kMaxDigestAvps && walker.next(raw) && is_digest_avp(raw.header.key)) {
        if (raw.value.empty() || raw.header.hidden) {
            break;
        }
        const auto type = static_cast<DigestType>(raw.value[0]);
        if (type != DigestType::kHmacMd5 && type != DigestType::kHmacSha1) {
            break;
        }
        const std::size_t size = digest_size(type);
        if (raw.value.size() != 1 + size) {
            break;
        }
        found.slots[found.count++] = {type, raw.offset + kAvpHeaderSize + 1, size};
    }
    return found;
}

// HMAC over first + second + message, with every digest slot read as zeros.
std::size_t compute(DigestType type, const SharedKey& key, Bytes first, Bytes second, Bytes message,
                    const DigestSlots& slots, std::array<std::uint8_t, kMaxDigestSize>& out) {
    static constexpr std::array<std::uint8_t, kMaxDigestSize> kZeros{};
    Hmac hmac(type, key);
    hmac.update(first).update(second);
    std::size_t at = 0;
    for (std::size_t i = 0; i < slots.count; ++i) {
        const DigestSlot& slot = slots.slots[i];
        hmac.update(message.subspan(at, slot.value_offset - at));
        hmac.update(Bytes(kZeros.data(), slot.size));
        at = slot.value_offset + slot.size;
    }
    hmac.update(message.subspan(at));
    return hmac.finish(out);
}

}  // namespace

std::size_t digest_size(DigestType type) {
    return type == DigestType::kHmacMd5 ? 16 : 20;
}

SharedKey derive_shared_key(Bytes shared_secret) {
    static constexpr std::array<std::uint8_t, 1> kTwo{2};
    std::array<std::uint8_t, kMaxDigestSize> mac{};
    Hmac(DigestType::kHmacMd5, shared_secret).update(kTwo).finish(mac);
    SharedKey key{};
    std::copy_n(mac.begin(), key.size(), key.begin());
    return key;
}

WireError sign_control_message(MutableBytes message, const SharedKey& key, NoncePair nonces) {
    const DigestSlots slots = locate_digests(message);
    if (slots.count == 0) {
        return WireError::kMissingDigest;
    }
    std::array<std::uint8_t, kMaxDigestSize> mac{};
    for (std::size_t i = 0; i < slots.count; ++i) {
        const DigestSlot& slot = slots.slots[i];
        compute(slot.type, key, nonces.local, nonces.remote, message, slots, mac);
        std::copy_n(mac.begin(), slot.size, message.begin() + static_cast<long>(slot.value_offset));
    }
    return WireError::kNone;
}

WireError verify_control_message(Bytes message, std::span<const SharedKey> keys, NoncePair nonces) {
    const DigestSlots slots = locate_digests(message);
    if (slots.count == 0) {
        return WireError::kMissingDigest;
    }
    std::array<std::uint8_t, kMaxDigestSize> mac{};
    for (std::size_t i = 0; i < slots.count; ++i) {
        const DigestSlot& slot = slots.slots[i];
        for (const SharedKey& key : keys) {
            compute(slot.type, key, nonces.remote, nonces.local, message, slots, mac);
            if (CRYPTO_memcmp(mac.data(), message.data() + slot.value_offset, slot.size) == 0) {
                return WireError::kNone;
            }
        }
    }
    return WireError::kBadDigest;
}

}  // namespace l2tp::wire
