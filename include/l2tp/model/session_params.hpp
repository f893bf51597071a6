// What a call asks for: the knobs of one session (RFC 2661 §6.6-6.11, RFC 3931 §5.4.4, §6.6-6.11).
#pragma once

#include <cstdint>
#include <string>

#include "l2tp/model/pseudowire_type.hpp"
#include "l2tp/wire/header.hpp"

namespace l2tp::model {

enum class CallDirection : std::uint8_t {
    kIncoming,  // ICRQ / ICRP / ICCN: the LAC (or v3 LCCE) announces a call it received
    kOutgoing,  // OCRQ / OCRP / OCCN: the LNS asks the LAC to place a call
};

// Where a session's frames go on this host: the dataplane's settings for it (an l2tpeth
// interface, its MTU, a bridge), carried unchanged from the configuration to InstallSession.
// The protocol never looks at them.
struct SessionLink {
    std::string interface_name;            // empty: the kernel names it (l2tpethN)
    std::uint16_t mtu = 0;                 // 0: derived from the path (the dataplane's choice)
    std::string bridge;                    // enslave the interface to this bridge, if set
    std::uint32_t reorder_timeout_ms = 0;  // 0: out-of-order data is dropped, not held

    friend bool operator==(const SessionLink&, const SessionLink&) = default;
};

struct SessionParams {
    CallDirection direction = CallDirection::kIncoming;
    std::uint16_t pseudowire_type = kPwPpp;  // L2TPv2 sessions are always PPP
    std::string remote_end_id;               // L2TPv3: which circuit at the peer
    std::uint8_t cookie_length = 0;          // L2TPv3: 0, 4 or 8 random octets we require
    wire::L2SpecificSublayer sublayer = wire::L2SpecificSublayer::kNone;
    bool data_sequencing = false;
    std::string called_number;  // L2TPv2 OCRQ / ICRQ
    std::string calling_number;
    // RFC 2661 §4.4.5 / RFC 3931 §5.4.4 Call Serial Number: the ICRQ's or OCRQ's, whoever sent
    // it; 0 until the call was requested.
    std::uint32_t call_serial = 0;
    SessionLink link;

    friend bool operator==(const SessionParams&, const SessionParams&) = default;
};

}  // namespace l2tp::model
