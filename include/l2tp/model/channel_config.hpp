// How one control connection's reliable delivery is run (RFC 2661 §5.8 and Appendix A, RFC 3931
// §4.2): windows, the retransmission schedule, acknowledgements and the Message Digest. Part of
// a tunnel's profile; the reliable channel (l2tp/control) runs by it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "l2tp/model/time.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

struct ChannelConfig {
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    // The window we advertise (Receive Window Size AVP): how many messages past a gap we hold.
    std::uint16_t local_receive_window = 16;
    // The peer's window until its SCCRQ / SCCRP says otherwise; RFC 2661 §5.8: the default 4.
    std::uint16_t peer_receive_window = 4;
    Duration retransmit_initial = std::chrono::seconds(1);  // RFC 2661 §5.8 default
    Duration retransmit_cap = std::chrono::seconds(8);      // "no less than 8 seconds"
    unsigned max_retransmissions = 5;                       // RFC 2661 §5.8 default
    // Messages held beyond the peer's window at most; more means the peer never opens it.
    std::size_t max_queued_messages = 4096;
    // L2TPv3: acknowledge with an explicit ACK message (RFC 3931 §6.15) rather than a ZLB; it
    // is required when the Message Digest is on, since a ZLB cannot carry one.
    bool explicit_ack = false;
    std::optional<wire::DigestType> digest;
};

}  // namespace l2tp::model
