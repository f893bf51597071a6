// The retransmission timeout of one control connection, from the round-trip times it measures
// (RFC 6298 §2, as RFC 2661 §5.8 allows: its 1 s is the recommended default, not a fixed
// value). A peer whose acknowledgements come late because it is loaded gets a longer timeout,
// so that messages it has received are not sent again and the congestion window is not cut
// for nothing (RFC 2661 Appendix A). The timeout never falls below `floor` (retransmit_initial)
// and never exceeds `cap` (retransmit_cap).
#pragma once

#include <optional>

#include "l2tp/model/time.hpp"

namespace l2tp::control {

class RoundTripEstimator {
  public:
    RoundTripEstimator(model::Duration floor, model::Duration cap);

    // A round trip measured on a message sent once (Karn: never one sent again).
    void sample(model::Duration round_trip);
    // The wait before the first retransmission of a message sent now: `floor` until the
    // first sample, then SRTT + 4 RTTVAR within [floor, cap].
    [[nodiscard]] model::Duration timeout() const { return timeout_; }
    // The smoothed round-trip time, once measured.
    [[nodiscard]] std::optional<model::Duration> smoothed() const { return smoothed_; }

  private:
    model::Duration floor_;
    model::Duration cap_;
    model::Duration timeout_;
    std::optional<model::Duration> smoothed_;
    model::Duration variation_{};
};

}  // namespace l2tp::control
