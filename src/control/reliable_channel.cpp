#include "l2tp/control/reliable_channel.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "l2tp/control/sequence.hpp"
#include "l2tp/wire/header.hpp"
#include "l2tp/wire/message_builder.hpp"

namespace l2tp::control {

ReliableChannel::ReliableChannel(const model::ChannelConfig& config)
    : config_(config),
      window_(config.peer_receive_window),
      round_trip_(config.retransmit_initial, config.retransmit_cap) {}

model::Duration ReliableChannel::retransmit_timeout(unsigned attempt) const {
    model::Duration timeout = round_trip_.timeout();
    for (unsigned i = 0; i < attempt && timeout < config_.retransmit_cap; ++i) {
        timeout *= 2;
    }
    return std::min(timeout, std::max(config_.retransmit_cap, round_trip_.timeout()));
}

model::Duration ReliableChannel::full_retransmission_interval() const {
    model::Duration total{};
    for (unsigned attempt = 0; attempt <= config_.max_retransmissions; ++attempt) {
        total += retransmit_timeout(attempt);
    }
    return total;
}

void ReliableChannel::set_peer_window(std::uint16_t window) {
    window_.set_peer_window(window);
}

void ReliableChannel::set_acknowledgement(bool explicit_ack,
                                          std::optional<wire::DigestType> digest) {
    config_.explicit_ack = explicit_ack;
    config_.digest = digest;
}

bool ReliableChannel::send(std::vector<std::uint8_t> message, model::Time now) {
    if (failed_) {
        return true;  // the connection is being cleared: nothing more goes out
    }
    if (pending_.size() >= config_.max_queued_messages) {
        return false;
    }
    ++progress_.queued;
    pending_.push_back(std::move(message));
    transmit_pending(now);
    return true;
}

ReceiveVerdict ReliableChannel::receive(ReceivedMessage received, model::Time now) {
    const wire::ControlMessage& message = received.message;
    const wire::ControlHeader& header = message.header();
    // RFC 3931 §4.2: an Nr beyond the last Ns sent plus one acknowledges nothing we sent.
    if (seq_before(next_ns_, header.nr)) {
        return ReceiveVerdict::kBadNr;
    }
    acknowledge_up_to(header.nr, now);
    // ZLB and ACK take no slot in the sequence space (RFC 2661 §5.8, RFC 3931 §4.2).
    if (message.is_zlb() || (!received.error && message.type() == wire::MessageType::kAck)) {
        return ReceiveVerdict::kAckOnly;
    }
    if (seq_before(header.ns, expected_ns_)) {
        ack_owed_ = true;  // a duplicate MUST be acknowledged: our ack may have been lost
        return ReceiveVerdict::kDuplicate;
    }
    if (header.ns != expected_ns_) {
        if (seq_distance(expected_ns_, header.ns) >= config_.local_receive_window) {
            return ReceiveVerdict::kOutOfWindow;
        }
        const bool held = std::any_of(
            out_of_order_.begin(), out_of_order_.end(),
            [&](const ReceivedMessage& m) { return m.message.header().ns == header.ns; });
        if (!held) {
            out_of_order_.push_back(std::move(received));
        }
        // No acknowledgement: Nr cannot move past the gap, so a ZLB would tell the peer
        // nothing; the gap's retransmission is acknowledged with everything held behind it.
        return ReceiveVerdict::kQueued;
    }
    deliveries_.push_back(std::move(received));
    ++expected_ns_;
    // Successors that were waiting on this gap follow in order.
    for (auto it = out_of_order_.begin(); it != out_of_order_.end();) {
        if (it->message.header().ns == expected_ns_) {
            deliveries_.push_back(std::move(*it));
            out_of_order_.erase(it);
            ++expected_ns_;
            it = out_of_order_.begin();
        } else {
            ++it;
        }
    }
    ack_owed_ = true;
    return ReceiveVerdict::kDelivered;
}

void ReliableChannel::acknowledge_up_to(std::uint16_t nr, model::Time now) {
    // The newest message acknowledged times the round trip (an older one's acknowledgement may
    // have been lost, and only this one carried it), unless one of them went twice: then the
    // peer may have held the others behind it, and the time says nothing (RFC 6298 §3, Karn).
    std::optional<model::Duration> round_trip;
    bool ambiguous = false;
    while (!unacked_.empty() && seq_before(unacked_.front().ns, nr)) {
        const InFlight& acked = unacked_.front();
        ambiguous = ambiguous || acked.sent_again;
        round_trip = now - acked.sent_at;
        unacked_.pop_front();
        window_.on_ack();
        ++progress_.acknowledged;
    }
    if (!round_trip) {
        return;  // nothing new acknowledged
    }
    if (!ambiguous) {
        round_trip_.sample(*round_trip);
    }
    retransmissions_ = 0;
    retransmit_at_.reset();
    if (!unacked_.empty()) {
        retransmit_at_ = now + retransmit_timeout(0);
    }
    transmit_pending(now);
}

void ReliableChannel::transmit_pending(model::Time now) {
    while (!pending_.empty() && unacked_.size() < window_.size()) {
        unacked_.push_back(InFlight{next_ns_++, std::move(pending_.front()), now});
        pending_.pop_front();
        transmit(unacked_.back().message, unacked_.back().ns);
        if (!retransmit_at_) {
            retransmit_at_ = now + retransmit_timeout(0);
        }
    }
}

void ReliableChannel::transmit(std::vector<std::uint8_t>& message, std::uint16_t ns) {
    // Every message carries the current Nr, so it acknowledges whatever was due.
    wire::set_sequence_numbers(message, ns, expected_ns_);
    if (sealer_) {
        sealer_(message);
    }
    transmissions_.push_back(message);
    ack_owed_ = false;
}

void ReliableChannel::transmit_ack() {
    const wire::ControlHeader header{config_.version, peer_connection_id_, 0, next_ns_,
                                     expected_ns_};
    std::vector<std::uint8_t> ack;
    if (config_.explicit_ack) {
        wire::MessageBuilder builder(config_.version, wire::MessageType::kAck);
        if (config_.digest) {
            builder.with_digest(*config_.digest);
        }
        ack = builder.finish(header).bytes;
        if (sealer_) {
            sealer_(ack);
        }
    } else {
        ack = wire::encode_zlb(header);
    }
    transmissions_.push_back(std::move(ack));
    ack_owed_ = false;
}

void ReliableChannel::flush_acknowledgement() {
    if (ack_owed_ && !failed_) {
        transmit_ack();
    }
}

void ReliableChannel::on_timer(model::Time now) {
    if (failed_) {
        return;
    }
    if (retransmit_at_ && *retransmit_at_ <= now) {
        if (retransmissions_ >= config_.max_retransmissions) {
            // RFC 2661 §5.8: no response after the retries: the tunnel MUST be cleared.
            failed_ = true;
            discard_queued();
            unacked_.clear();
            out_of_order_.clear();
            retransmit_at_.reset();
            ack_owed_ = false;
            return;
        }
        ++retransmissions_;
        ++retransmitted_;
        window_.on_timeout();
        // The oldest message goes again with the same Ns and a fresh Nr; with CWND back at one
        // the rest wait for its acknowledgement (Appendix A).
        unacked_.front().sent_again = true;
        transmit(unacked_.front().message, unacked_.front().ns);
        retransmit_at_ = now + retransmit_timeout(retransmissions_);
    }
}

std::optional<model::Time> ReliableChannel::next_deadline() const {
    return retransmit_at_;
}

std::vector<std::vector<std::uint8_t>> ReliableChannel::take_transmissions() {
    return std::exchange(transmissions_, {});
}

std::vector<ReceivedMessage> ReliableChannel::take_deliveries() {
    return std::exchange(deliveries_, {});
}

}  // namespace l2tp::control
