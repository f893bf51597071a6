// A one-way simulated link for in-process protocol tests: it loses, duplicates, delays and
// (through random extra delay) reorders datagrams, on the test's simulated clock, from a seeded
// random generator so that every run is the same.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "l2tp/model/time.hpp"

namespace l2tp::testing {

struct LinkProfile {
    double loss = 0.0;       // probability a datagram is dropped
    double duplicate = 0.0;  // probability a datagram arrives twice
    double reorder = 0.0;    // probability a datagram is held back by up to `reorder_delay`
    model::Duration delay = std::chrono::milliseconds(5);
    model::Duration reorder_delay = std::chrono::milliseconds(40);
};

class LossyLink {
  public:
    LossyLink(LinkProfile profile, std::uint32_t seed) : profile_(profile), rng_(seed) {}

    void push(std::vector<std::uint8_t> datagram, model::Time now);
    // Datagrams whose arrival time has come, in arrival order.
    std::vector<std::vector<std::uint8_t>> pop_due(model::Time now);
    [[nodiscard]] std::optional<model::Time> next_due() const;

    [[nodiscard]] std::size_t sent() const { return sent_; }
    [[nodiscard]] std::size_t dropped() const { return dropped_; }

  private:
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

    LinkProfile profile_;
    std::mt19937 rng_;
    std::multimap<model::Time, std::vector<std::uint8_t>> in_flight_;
    std::size_t sent_ = 0;
    std::size_t dropped_ = 0;
};

}  // namespace l2tp::testing
