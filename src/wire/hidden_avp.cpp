#include "l2tp/wire/hidden_avp.hpp"

#include <algorithm>
#include <array>

#include "l2tp/wire/md5_hash.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::wire {

namespace {

Md5Digest first_block_key(std::uint16_t attribute_type, Bytes secret, Bytes random_vector) {
    const std::array<std::uint8_t, 2> type{static_cast<std::uint8_t>(attribute_type >> 8),
                                           static_cast<std::uint8_t>(attribute_type)};
    return Md5Hash().update(type).update(secret).update(random_vector).finish();
}

Md5Digest next_block_key(Bytes secret, Bytes previous_cipher_block) {
    return Md5Hash().update(secret).update(previous_cipher_block).finish();
}

}  // namespace

void append_hidden_value(std::vector<std::uint8_t>& out, std::uint16_t attribute_type, Bytes value,
                         Bytes secret, Bytes random_vector, std::size_t padding_length,
                         RandomSource& random) {
    const std::size_t start = out.size();
    ByteWriter writer(out);
    writer.u16(static_cast<std::uint16_t>(value.size()));
    writer.bytes(value);
    out.resize(out.size() + padding_length);
    random.fill(MutableBytes(out.data() + out.size() - padding_length, padding_length));
    const MutableBytes subformat(out.data() + start, out.size() - start);
    Md5Digest key = first_block_key(attribute_type, secret, random_vector);
    for (std::size_t at = 0; at < subformat.size(); at += kMd5Size) {
        const std::size_t n = std::min(kMd5Size, subformat.size() - at);
        for (std::size_t i = 0; i < n; ++i) {
            subformat[at + i] ^= key[i];
        }
        // A short last block is treated as if padded to 16 octets: only its octets change.
        if (at + kMd5Size < subformat.size()) {
            key = next_block_key(secret, subformat.subspan(at, kMd5Size));
        }
    }
}

WireError reveal_hidden_value(std::uint16_t attribute_type, MutableBytes hidden, Bytes secret,
                              Bytes random_vector, Bytes& plaintext) {
    if (hidden.size() < kHiddenLengthFieldSize) {
        return WireError::kHiddenAvpError;
    }
    Md5Digest key = first_block_key(attribute_type, secret, random_vector);
    std::array<std::uint8_t, kMd5Size> cipher_block{};
    for (std::size_t at = 0; at < hidden.size(); at += kMd5Size) {
        const std::size_t n = std::min(kMd5Size, hidden.size() - at);
        std::copy_n(hidden.begin() + static_cast<std::ptrdiff_t>(at), n, cipher_block.begin());
        for (std::size_t i = 0; i < n; ++i) {
            hidden[at + i] ^= key[i];
        }
        if (n == kMd5Size) {
            key = next_block_key(secret, cipher_block);
        }
    }
    const std::uint16_t original = load_u16(hidden, 0);
    if (original > hidden.size() - kHiddenLengthFieldSize) {
        return WireError::kHiddenAvpError;
    }
    plaintext = Bytes(hidden.data() + kHiddenLengthFieldSize, original);
    return WireError::kNone;
}

}  // namespace l2tp::wire
