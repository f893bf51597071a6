#include "radius/password_cipher.hpp"

#include <array>

#include "radius/md5.hpp"

namespace l2tp::radius {

namespace {

enum class Direction : bool { kEncipher, kDecipher };

void xor_blocks(wire::MutableBytes blocks, wire::Bytes secret, wire::Bytes seed,
                Direction direction) {
    Md5Digest key = md5({secret, seed});
    for (std::size_t offset = 0; offset + kPasswordBlockSize <= blocks.size();
         offset += kPasswordBlockSize) {
        const wire::MutableBytes block = blocks.subspan(offset, kPasswordBlockSize);
        std::array<std::uint8_t, kPasswordBlockSize> ciphertext{};
        for (std::size_t i = 0; i < kPasswordBlockSize; ++i) {
            ciphertext[i] = direction == Direction::kEncipher
                                ? static_cast<std::uint8_t>(block[i] ^ key[i])
                                : block[i];
            block[i] ^= key[i];
        }
        key = md5({secret, ciphertext});
    }
}

}  // namespace

void encipher_password_blocks(wire::MutableBytes blocks, wire::Bytes secret, wire::Bytes seed) {
    xor_blocks(blocks, secret, seed, Direction::kEncipher);
}

void decipher_password_blocks(wire::MutableBytes blocks, wire::Bytes secret, wire::Bytes seed) {
    xor_blocks(blocks, secret, seed, Direction::kDecipher);
}

}  // namespace l2tp::radius
