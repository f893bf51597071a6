// What the kernel counts of a tunnel or session.
#pragma once

#include <cstdint>

namespace l2tp::dataplane {

// Packet, byte and error counters of an installed tunnel or session, as the kernel's
// L2TP_ATTR_STATS has them; those a given kernel does not send stay 0.
struct DatapathCounters {
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t rx_bytes = 0;
    std::uint64_t rx_errors = 0;
    std::uint64_t rx_seq_discards = 0;  // sequencing: too old, dropped
    std::uint64_t rx_oos_packets = 0;   // sequencing: out of order
    std::uint64_t rx_cookie_discards = 0;
    std::uint64_t rx_invalid = 0;

    DatapathCounters& operator+=(const DatapathCounters& o) {
        tx_packets += o.tx_packets;
        tx_bytes += o.tx_bytes;
        tx_errors += o.tx_errors;
        rx_packets += o.rx_packets;
        rx_bytes += o.rx_bytes;
        rx_errors += o.rx_errors;
        rx_seq_discards += o.rx_seq_discards;
        rx_oos_packets += o.rx_oos_packets;
        rx_cookie_discards += o.rx_cookie_discards;
        rx_invalid += o.rx_invalid;
        return *this;
    }
};

}  // namespace l2tp::dataplane
