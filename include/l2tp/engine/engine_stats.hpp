// Counters of everything the engine dropped, refused or answered with an error: what
// `l2tpctl stats` shows an operator.
#pragma once

#include <cstdint>

namespace l2tp::engine {

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
};

}  // namespace l2tp::engine
