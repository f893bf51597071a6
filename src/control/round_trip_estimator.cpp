#include "l2tp/control/round_trip_estimator.hpp"

#include <algorithm>

namespace l2tp::control {

RoundTripEstimator::RoundTripEstimator(model::Duration floor, model::Duration cap)
    : floor_(floor), cap_(std::max(floor, cap)), timeout_(floor) {}

void RoundTripEstimator::sample(model::Duration round_trip) {
    round_trip = std::max(round_trip, model::Duration::zero());
    if (!smoothed_) {
        // RFC 6298 §2.2: the first measurement.
        smoothed_ = round_trip;
        variation_ = round_trip / 2;
    } else {
        // RFC 6298 §2.3: RTTVAR before SRTT, with alpha 1/8 and beta 1/4.
        const model::Duration error =
            *smoothed_ > round_trip ? *smoothed_ - round_trip : round_trip - *smoothed_;
        variation_ = (3 * variation_ + error) / 4;
        smoothed_ = (7 * *smoothed_ + round_trip) / 8;
    }
    // RFC 6298 §2.4: RTO = SRTT + 4 RTTVAR, held to our floor (§2.4's 1 s minimum is
    // retransmit_initial here) and cap (§2.5).
    timeout_ = std::clamp(*smoothed_ + 4 * variation_, floor_, cap_);
}

}  // namespace l2tp::control
