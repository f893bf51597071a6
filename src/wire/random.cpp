#include "l2tp/wire/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace l2tp::wire {

void fill_random(MutableBytes out) {
    if (!out.empty() && RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
}

std::vector<std::uint8_t> random_octets(std::size_t length) {
    std::vector<std::uint8_t> out(length);
    fill_random(out);
    return out;
}

}  // namespace l2tp::wire
