#include "support/lossy_link.hpp"

namespace l2tp::testing {

void LossyLink::push(std::vector<std::uint8_t> datagram, model::Time now) {
    ++sent_;
    if (chance(profile_.loss)) {
        ++dropped_;
        return;
    }
    const int copies = chance(profile_.duplicate) ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
        model::Time at = now + profile_.delay;
        if (chance(profile_.reorder)) {
            at += std::chrono::duration_cast<model::Duration>(
                profile_.reorder_delay * std::uniform_real_distribution<double>(0, 1)(rng_));
        }
        in_flight_.emplace(at, datagram);
    }
}

std::vector<std::vector<std::uint8_t>> LossyLink::pop_due(model::Time now) {
    std::vector<std::vector<std::uint8_t>> due;
    while (!in_flight_.empty() && in_flight_.begin()->first <= now) {
        due.push_back(std::move(in_flight_.begin()->second));
        in_flight_.erase(in_flight_.begin());
    }
    return due;
}

std::optional<model::Time> LossyLink::next_due() const {
    if (in_flight_.empty()) {
        return std::nullopt;
    }
    return in_flight_.begin()->first;
}

}  // namespace l2tp::testing
