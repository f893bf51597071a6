// How long set-ups took, counted per bucket (not cumulatively) with fixed upper bounds: what a
// Prometheus histogram is made from. The engine has no clock; it is handed both instants.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "l2tp/model/time.hpp"

namespace l2tp::model {

class LatencyHistogram {
  public:
    // Upper bounds in seconds: from a loopback set-up (a millisecond) to one that needed the
    // whole retransmission schedule (RFC 2661 §5.8: about a minute with the defaults).
    static constexpr std::array<double, 14> kBoundsSeconds = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    void observe(model::Duration took) {
        const double seconds = std::chrono::duration<double>(took).count();
        std::size_t slot = 0;
        while (slot < kBoundsSeconds.size() && seconds > kBoundsSeconds[slot]) {
            ++slot;
        }
        ++counts_[slot];
        ++count_;
        sum_seconds_ += seconds;
    }

    // Observations at most kBoundsSeconds[slot] and above the bound before it; the slot past
    // the last bound holds the rest (+Inf).
    [[nodiscard]] std::uint64_t in_slot(std::size_t slot) const { return counts_[slot]; }
    [[nodiscard]] std::uint64_t count() const { return count_; }
    [[nodiscard]] double sum_seconds() const { return sum_seconds_; }

  private:
    std::array<std::uint64_t, kBoundsSeconds.size() + 1> counts_{};
    std::uint64_t count_ = 0;
    double sum_seconds_ = 0;
};

}  // namespace l2tp::model
