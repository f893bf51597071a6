// Where random octets come from: Random Vectors, challenges, nonces, cookies, padding, tie
// breakers and IDs (RFC 2661 §4.3 and RFC 3931 §5.4.1 cite RFC 1750). The engine takes a source
// in its configuration, so that a fuzz or EnginePair run is replayed exactly from its input and
// seed; a daemon uses system_random().
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

class RandomSource {
  public:
    virtual ~RandomSource() = default;
    virtual void fill(MutableBytes out) = 0;
    std::vector<std::uint8_t> octets(std::size_t length);
};

// Cryptographically random octets from OpenSSL's RAND_bytes.
RandomSource& system_random();

// The same stream for the same seed: for tests and fuzzing only, never for a live peer (it is
// predictable by design).
class SeededRandom final : public RandomSource {
  public:
    explicit SeededRandom(std::uint64_t seed) : generator_(seed) {}
    void fill(MutableBytes out) override;

  private:
    std::mt19937_64 generator_;
};

}  // namespace l2tp::wire
