#include "l2tp/control/congestion_window.hpp"

#include <algorithm>

namespace l2tp::control {

void CongestionWindow::on_ack() {
    if (cwnd_ < ssthresh_) {
        ++cwnd_;  // slow start: doubles per round trip
    } else if (++acks_in_round_ >= cwnd_) {
        acks_in_round_ = 0;
        ++cwnd_;  // congestion avoidance: one more per round trip
    }
    cwnd_ = std::min(cwnd_, peer_window_);
}

void CongestionWindow::on_timeout() {
    ssthresh_ = std::max<std::uint16_t>(1, cwnd_ / 2);
    cwnd_ = 1;
    acks_in_round_ = 0;
}

void CongestionWindow::set_peer_window(std::uint16_t peer_window) {
    peer_window_ = peer_window == 0 ? 1 : peer_window;
    ssthresh_ = peer_window_;  // Appendix A: SSTHRESH starts as the advertised window
    cwnd_ = std::min(cwnd_, peer_window_);
}

}  // namespace l2tp::control
