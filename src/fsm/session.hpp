// One session of a control connection: the state of an incoming or outgoing call (RFC 2661
// §7.3-7.4, RFC 3931 §7.3-7.4) and what was negotiated for its data. The tunnel drives it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "l2tp/model/proxy_ppp.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/model/tunnel_status.hpp"

namespace l2tp::fsm {

struct Cookie {
    std::array<std::uint8_t, 8> octets{};
    std::uint8_t length = 0;  // 0, 4 or 8

    [[nodiscard]] std::vector<std::uint8_t> to_vector() const {
        return {octets.begin(), octets.begin() + length};
    }
};

struct Session {
    std::uint32_t local_id = 0;
    std::uint32_t peer_id = 0;
    model::SessionState state = model::SessionState::kWaitReply;
    bool initiator = false;  // we sent the ICRQ / OCRQ
    model::SessionParams params;
    Cookie cookie;       // ours: the peer puts it on the data it sends us
    Cookie peer_cookie;  // the peer's: we put it on our data
    // v3: what the peer requires on the data it receives, i.e. on ours (RFC 3931 §5.4.4).
    wire::L2SpecificSublayer peer_sublayer = wire::L2SpecificSublayer::kNone;
    bool peer_sequencing = false;
    std::optional<std::uint64_t> tie_breaker;  // v3 Session Tie Breaker we sent
    model::ProxyPpp proxy;                     // LNS: from the ICCN (RFC 2661 §4.4.5)
    model::Time setup_started{};               // ICRQ / OCRQ sent or received
};

}  // namespace l2tp::fsm
