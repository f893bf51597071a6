// Counters of what the engine did, dropped, refused or answered with an error: what
// `l2tpctl stats` and the Prometheus endpoint show an operator.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "l2tp/model/latency_histogram.hpp"
#include "l2tp/wire/message_type.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

// Counts in a fixed number of slots: a table a peer cannot grow.
template <std::size_t Slots>
class SlotCounts {
  public:
    static constexpr std::size_t kSlots = Slots;
    [[nodiscard]] std::uint64_t in_slot(std::size_t slot) const { return counts_[slot]; }

  protected:
    void count_in(std::size_t slot) { ++counts_[slot]; }

  private:
    std::array<std::uint64_t, Slots> counts_{};
};

// Counts by Message Type (RFC 2661 §3.2, RFC 3931 §3.1): types 0-20 by value, then ZLB
// (which has none), then any other value.
class MessageTypeCounts : public SlotCounts<23> {
  public:
    static constexpr std::size_t kZlbSlot = 21;
    static constexpr std::size_t kOtherSlot = 22;

    // `type`: nothing for a ZLB.
    void count(std::optional<std::uint16_t> type) {
        count_in(!type ? kZlbSlot : *type < kZlbSlot ? *type : kOtherSlot);
    }
    // "SCCRQ", "ZLB", "other", or the number of a type this library does not name.
    static std::string slot_name(std::size_t slot);
};

// Counts by Result Code (RFC 2661 §4.4.2, RFC 3931 §5.4.2): codes 0-16 by value, any other
// value apart, and a slot for an end that carried none (a peer that stopped answering).
class ResultCodeCounts : public SlotCounts<19> {
  public:
    static constexpr std::size_t kOtherSlot = 17;
    static constexpr std::size_t kNoneSlot = 18;

    void count(std::optional<std::uint16_t> result) {
        count_in(!result ? kNoneSlot : *result < kOtherSlot ? *result : kOtherSlot);
    }
    // "2", "other" or "none".
    static std::string slot_name(std::size_t slot);
};

// Per protocol version: [0] L2TPv2, [1] L2TPv3.
template <typename T>
struct ByVersion {
    std::array<T, 2> of{};
    T& operator[](wire::ProtocolVersion v) { return of[v == wire::ProtocolVersion::kV2 ? 0 : 1]; }
    const T& operator[](wire::ProtocolVersion v) const {
        return of[v == wire::ProtocolVersion::kV2 ? 0 : 1];
    }
};

// Each scalar counter has its row in the catalog (engine_counter_catalog.hpp) that names it.
struct EngineStats {
    std::uint64_t datagrams = 0;
    std::uint64_t malformed = 0;                 // header faults: dropped (RFC 3931 §7.1)
    std::uint64_t not_control = 0;               // data packets reaching the control socket
    std::uint64_t unknown_tunnel = 0;            // addressed to no tunnel of ours
    std::uint64_t bad_digest = 0;                // missing or wrong Message Digest: dropped
    std::uint64_t refused_sccrq = 0;             // version not accepted
    std::uint64_t refused_half_open = 0;         // too many control connections setting up
    std::uint64_t refused_half_open_source = 0;  // too many of them from one address
    std::uint64_t refused_tunnel_limit = 0;      // max_tunnels reached: StopCCN 2/4
    std::uint64_t refused_session_limit = 0;     // a session limit reached: CDN 4 (or refused)
    std::uint64_t refused_unconfigured_pseudowire = 0;  // v3 call to no configured one: CDN 5
    std::uint64_t refused_calls_held = 0;               // max_calls_held held already: CDN 4
    std::uint64_t calls_held = 0;            // answers held while max_calls_setting_up set up
    std::uint64_t send_queue_overflows = 0;  // a peer that never opened its window: StopCCN
    std::uint64_t stray_sccrp = 0;           // SCCRP for no SCCRQ of ours: StopCCN
    std::uint64_t protocol_errors = 0;       // answered with StopCCN / CDN and an error code
    std::uint64_t auth_failures = 0;         // wrong Challenge Response
    std::uint64_t unknown_avps = 0;          // optional AVPs skipped
    std::uint64_t tunnels_established = 0;
    std::uint64_t tunnels_closed = 0;
    std::uint64_t tie_breakers_lost = 0;
    std::uint64_t unknown_session = 0;  // session message for no session of the tunnel
    std::uint64_t sessions_established = 0;
    std::uint64_t sessions_closed = 0;

    // Control messages by type: every datagram sent (retransmissions included), and every
    // authentic one a tunnel received (duplicates included).
    MessageTypeCounts messages_sent;
    MessageTypeCounts messages_received;
    std::uint64_t retransmissions = 0;  // RFC 2661 §5.8: sent again for want of an ack

    // Set-ups by version: how long the established ones took, from the first message (SCCRQ,
    // ICRQ or OCRQ, sent or received) to the last: the peer's received, or ours acknowledged
    // by the peer (the set-up is complete as the peer sees it); and the Result Code of those
    // that ended first.
    ByVersion<LatencyHistogram> tunnel_setup_latency;
    ByVersion<LatencyHistogram> session_setup_latency;
    ByVersion<ResultCodeCounts> tunnel_setup_failures;
    ByVersion<ResultCodeCounts> session_setup_failures;
    // Every StopCCN and CDN, by its Result Code.
    ResultCodeCounts stopccn_sent;
    ResultCodeCounts stopccn_received;
    ResultCodeCounts cdn_sent;
    ResultCodeCounts cdn_received;
};

}  // namespace l2tp::model
