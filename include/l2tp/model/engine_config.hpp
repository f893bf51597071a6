// What the protocol engine is configured with: the profiles that answer peers' SCCRQs, and the
// limits that bound what peers can make it hold.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/tunnel_profile.hpp"
#include "l2tp/wire/protocol_version.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::model {

// A profile for the control connections one peer opens: matched by its address (any port),
// its Host Name, or both; the first match wins.
struct PeerProfile {
    std::optional<PeerEndpoint> address;
    std::string host_name;
    TunnelProfile profile;

    // Whether a control connection with `from` (any port) in `version`, whose peer names itself
    // `peer_host_name`, is this peer's: the version, and the address (with its encapsulation)
    // and Host Name where given. The engine picks responder profiles by it, and a reload finds
    // a removed peer's tunnels by it: one rule for both.
    [[nodiscard]] bool matches(const PeerEndpoint& from, wire::ProtocolVersion version,
                               std::string_view peer_host_name) const;
};

struct EngineConfig {
    // Profiles applied to control connections a peer opens: a matching entry of `peers`, else
    // the version's default; a peer with neither is refused.
    std::optional<TunnelProfile> accept_v2;
    std::optional<TunnelProfile> accept_v3;
    std::vector<PeerProfile> peers;
    // Control connections peers opened that are not yet established (or refused and still
    // held for their StopCCN), at most: an SCCRQ flood from many source ports cannot grow
    // state without bound. Further SCCRQs are dropped.
    std::size_t max_half_open = 1000;
    // The same, from one peer address (any port): one host cannot take the whole pool.
    std::size_t max_half_open_per_source = 100;
    // Tunnels and sessions at most; beyond them a peer's SCCRQ gets StopCCN Result 2 Error 4
    // and its ICRQ / OCRQ a CDN Result 4 (RFC 2661 §4.4.2, RFC 3931 §5.4.2).
    std::size_t max_tunnels = 65535;
    std::size_t max_sessions = 1000000;
    std::size_t max_sessions_per_tunnel = 65535;
    // Calls the peers placed (ICRQ, OCRQ) answered and not yet up (a PPP call's pppd reported
    // READY=1, Engine::session_up) at most; a further call's answer is held until one comes up
    // or ends, first come first answered. Nothing: every call is answered at once.
    std::optional<std::size_t> max_calls_setting_up = std::nullopt;
    // Calls held so at most; beyond, CDN Result 4 (RFC 2661 §4.4.2).
    std::size_t max_calls_held = 1000;
    // Where IDs, tie breakers, nonces, challenges, cookies and Random Vectors come from; none:
    // wire::system_random(). Fixed when the engine is made (reconfigure keeps it), so that a
    // seeded run replays exactly.
    std::shared_ptr<wire::RandomSource> random = nullptr;
};

}  // namespace l2tp::model
