#include "l2tp/wire/random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace l2tp::wire {

namespace {

// RAND_bytes costs far more per call than per octet: small requests (IDs, cookies, nonces) are
// served from a per-thread pool of its output, refilled a few KiB at a time. A forked child
// would inherit the pool: l2tpd forks only to exec (pppd), never to draw random numbers.
class RandomPool {
  public:
    void take(MutableBytes out) {
        while (!out.empty()) {
            if (used_ == pool_.size()) {
                refill();
            }
            const std::size_t n = std::min(out.size(), pool_.size() - used_);
            std::copy_n(pool_.begin() + static_cast<std::ptrdiff_t>(used_), n, out.begin());
            // Served octets are wiped so that they never exist twice.
            std::fill_n(pool_.begin() + static_cast<std::ptrdiff_t>(used_), n, 0);
            used_ += n;
            out = out.subspan(n);
        }
    }

  private:
    void refill() {
        if (RAND_bytes(pool_.data(), static_cast<int>(pool_.size())) != 1) {
            throw std::runtime_error("RAND_bytes failed");
        }
        used_ = 0;
    }

    std::array<std::uint8_t, 4096> pool_{};
    std::size_t used_ = pool_.size();
};

class SystemRandom final : public RandomSource {
  public:
    void fill(MutableBytes out) override {
        thread_local RandomPool pool;
        pool.take(out);
    }
};

}  // namespace

std::vector<std::uint8_t> RandomSource::octets(std::size_t length) {
    std::vector<std::uint8_t> out(length);
    fill(out);
    return out;
}

RandomSource& system_random() {
    static SystemRandom source;
    return source;
}

void SeededRandom::fill(MutableBytes out) {
    for (std::uint8_t& octet : out) {
        octet = static_cast<std::uint8_t>(generator_());
    }
}

}  // namespace l2tp::wire
