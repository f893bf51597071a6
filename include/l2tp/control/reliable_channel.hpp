// The reliable delivery of control messages of one control connection (RFC 2661 §5.8 and
// Appendix A, RFC 3931 §4.2). Sans-I/O: it is handed messages to send, received messages and
// the current time, and it hands back datagrams to transmit, messages to deliver in order, and
// the time it next needs to be woken. It never reads a clock and never touches a socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "l2tp/control/congestion_window.hpp"
#include "l2tp/control/round_trip_estimator.hpp"
#include "l2tp/model/channel_config.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_digest.hpp"

namespace l2tp::control {

// A received message with what the decoder said of it. A message whose fault is answered
// with StopCCN, CDN or "ignore" still takes its slot in the sequence space, so it travels the
// channel like any other and reaches the state machine in order.
struct ReceivedMessage {
    wire::ControlMessage message;
    wire::DecodeError error;
};

// How far the peer has acknowledged what we queued: the n-th message given to send() is
// acknowledged once `acknowledged` >= n. A LAC's set-up is done when its last message is.
struct ChannelProgress {
    std::uint64_t queued = 0;        // messages given to send(), ever
    std::uint64_t acknowledged = 0;  // of those, acknowledged by the peer (in order)
};

enum class ReceiveVerdict : std::uint8_t {
    kDelivered,    // in order: it and any queued successors are ready in deliveries()
    kQueued,       // ahead of a gap, inside our window: held until the gap fills
    kDuplicate,    // already received: dropped, and owed an acknowledgement (RFC 2661 §5.8)
    kOutOfWindow,  // too far ahead: dropped
    kAckOnly,      // ZLB or ACK: only its Nr mattered
    kBadNr,        // Nr acknowledges something never sent: dropped (RFC 3931 §4.2)
};

class ReliableChannel {
  public:
    // Runs after Ns/Nr are written into an outgoing message, before it is transmitted: the
    // L2TPv3 digest is computed here (RFC 3931 §5.4.1), since Nr changes on retransmission.
    using Sealer = std::function<void(wire::MutableBytes message)>;

    explicit ReliableChannel(const model::ChannelConfig& config);

    void set_sealer(Sealer sealer) { sealer_ = std::move(sealer); }
    // The peer's Receive Window Size from its SCCRQ / SCCRP.
    void set_peer_window(std::uint16_t window);
    // How lone acknowledgements go: ZLB, or an ACK message with a digest when a v3 peer turns
    // authentication on during set-up (RFC 3931 §4.3).
    void set_acknowledgement(bool explicit_ack, std::optional<wire::DigestType> digest);
    // The peer's connection ID, which addresses our ZLB / ACK messages.
    void set_peer_connection_id(std::uint32_t id) { peer_connection_id_ = id; }

    // Queues an encoded control message; Ns and Nr are filled in when it is transmitted. False
    // (and the message dropped) when max_queued_messages already wait for the peer's window.
    bool send(std::vector<std::uint8_t> message, model::Time now);
    // Drops every message not yet sent once (those in flight stay, for their retransmission).
    void discard_queued() { pending_.clear(); }
    // Takes a received, decoded control message of this connection. An in-order message or a
    // duplicate is owed an acknowledgement: the Nr of the next message we send carries it.
    ReceiveVerdict receive(ReceivedMessage received, model::Time now);
    // The end of a receive batch: an acknowledgement still owed, because no message of ours
    // carried it, leaves now as a ZLB (or an L2TPv3 ACK). Waiting for the batch's end lets
    // one acknowledgement cover the batch and lets replies carry it; waiting longer would
    // stall a peer that keeps few messages in flight (RFC 2661 §5.8 allows either).
    void flush_acknowledgement();
    // Retransmits what is due.
    void on_timer(model::Time now);

    // When on_timer should next run, or nothing when no timer is needed.
    [[nodiscard]] std::optional<model::Time> next_deadline() const;
    // Datagrams to transmit, oldest first; taking them empties the list.
    std::vector<std::vector<std::uint8_t>> take_transmissions();
    // Messages ready for the state machine, in order; taking them empties the list.
    std::vector<ReceivedMessage> take_deliveries();

    // Retransmissions are exhausted: the connection and its sessions must be cleared.
    [[nodiscard]] bool failed() const { return failed_; }
    // Nothing waits to be sent or acknowledged.
    [[nodiscard]] bool idle() const { return unacked_.empty() && pending_.empty(); }
    // Messages waiting for room in the peer's window (not yet sent once).
    [[nodiscard]] std::size_t queued() const { return pending_.size(); }
    // An acknowledgement is owed and not yet sent.
    [[nodiscard]] bool ack_owed() const { return ack_owed_; }
    [[nodiscard]] ChannelProgress progress() const { return progress_; }
    // Messages sent again for want of an acknowledgement, ever (RFC 2661 §5.8).
    [[nodiscard]] std::uint64_t retransmitted() const { return retransmitted_; }
    [[nodiscard]] std::uint16_t next_ns() const { return next_ns_; }
    [[nodiscard]] std::uint16_t expected_ns() const { return expected_ns_; }
    [[nodiscard]] const CongestionWindow& window() const { return window_; }
    [[nodiscard]] const RoundTripEstimator& round_trip() const { return round_trip_; }

    // The wait before retransmission number `attempt` (0 for the first send): exponential
    // back-off from the measured timeout, capped at retransmit_cap (RFC 2661 §5.8).
    [[nodiscard]] model::Duration retransmit_timeout(unsigned attempt) const;
    // The whole time the reliable transport may still retransmit after the last exchange: how
    // long a closed connection is held (RFC 2661 §5.8 "full retransmission interval").
    [[nodiscard]] model::Duration full_retransmission_interval() const;

  private:
    struct InFlight {
        std::uint16_t ns;
        std::vector<std::uint8_t> message;
        model::Time sent_at;
        bool sent_again = false;  // its round trip is ambiguous (Karn): no sample
    };

    void acknowledge_up_to(std::uint16_t nr, model::Time now);
    void transmit_pending(model::Time now);
    void transmit(std::vector<std::uint8_t>& message, std::uint16_t ns);
    void transmit_ack();

    model::ChannelConfig config_;
    CongestionWindow window_;
    RoundTripEstimator round_trip_;
    Sealer sealer_;
    std::uint32_t peer_connection_id_ = 0;

    std::uint16_t next_ns_ = 0;                      // Ns of the next new message
    std::uint16_t expected_ns_ = 0;                  // Nr: the Ns we expect next
    std::deque<std::vector<std::uint8_t>> pending_;  // not yet sent (window full)
    std::deque<InFlight> unacked_;                   // sent, oldest first
    std::vector<ReceivedMessage> out_of_order_;      // received past a gap
    std::optional<model::Time> retransmit_at_;
    unsigned retransmissions_ = 0;     // of the oldest unacknowledged message
    std::uint64_t retransmitted_ = 0;  // ever
    bool ack_owed_ = false;
    ChannelProgress progress_;
    bool failed_ = false;

    std::vector<std::vector<std::uint8_t>> transmissions_;
    std::vector<ReceivedMessage> deliveries_;
};

}  // namespace l2tp::control
