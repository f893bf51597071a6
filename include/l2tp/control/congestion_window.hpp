// Slow start and congestion avoidance for control messages (RFC 2661 Appendix A, which RFC 3931
// §4.2 recommends too): CWND starts at 1 and grows by one per acknowledgement up to SSTHRESH,
// then by one per CWND acknowledgements; a retransmission halves it into SSTHRESH and restarts
// at 1. CWND never exceeds the peer's Receive Window Size.
#pragma once

#include <cstdint>

namespace l2tp::control {

class CongestionWindow {
  public:
    explicit CongestionWindow(std::uint16_t peer_window)
        : peer_window_(peer_window == 0 ? 1 : peer_window), ssthresh_(peer_window_) {}

    [[nodiscard]] std::uint16_t size() const { return cwnd_; }
    [[nodiscard]] std::uint16_t threshold() const { return ssthresh_; }

    // One new message acknowledged.
    void on_ack();
    // A retransmission timeout fired.
    void on_timeout();
    // The peer's Receive Window Size, learnt from its SCCRQ / SCCRP.
    void set_peer_window(std::uint16_t peer_window);

  private:
    std::uint16_t peer_window_;
    std::uint16_t cwnd_ = 1;
    std::uint16_t ssthresh_;
    std::uint16_t acks_in_round_ = 0;  // acknowledgements counted during congestion avoidance
};

}  // namespace l2tp::control
