// How this side runs a control connection: every knob of the tunnel state machine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "l2tp/model/channel_config.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

struct TunnelProfile {
    // What the configuration calls this profile ("profile NAME", "peer NAME"): the key of what
    // the daemon keeps beside the engine for the tunnel (pppd's options). The engine only
    // passes it on.
    std::string name;
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    std::string host_name = "l2tpd";
    // L2TPv2 tunnel authentication (RFC 2661 §5.1.1) and AVP hiding (§4.3) use this secret;
    // L2TPv3 derives the Message Digest key from it (RFC 3931 §5.4.1).
    std::string secret;
    // L2TPv2: send a Challenge and require the peer's Challenge Response. A peer's challenge is
    // always answered when a secret is configured.
    bool challenge = false;
    // Hide every AVP we send that may be hidden (RFC 2661 §4.3).
    bool hide_avps = false;
    // L2TPv3 Control Message Authentication (RFC 3931 §4.3): when set, every message carries a
    // Message Digest of this type and every received one must carry a valid one.
    std::optional<wire::DigestType> digest;
    std::uint32_t router_id = 0;  // L2TPv3 Router ID (RFC 3931 §5.4.3)
    // Pseudowire types offered (RFC 3931 §5.4.3).
    std::vector<std::uint16_t> pseudowire_capabilities = {kPwEthernet, kPwEthernetVlan, kPwPpp};
    // HELLO after this long without a message from the peer (RFC 2661 §6.5); zero turns
    // hellos off for peers that mishandle them.
    model::Duration hello_interval = std::chrono::seconds(60);
    // Send a Tie Breaker in our SCCRQ (RFC 2661 §4.4.3): one tunnel per peer pair.
    bool tie_breaker = true;
    model::ChannelConfig channel;
    // A control connection (a call) acknowledged but not established within this long is
    // cleared: StopCCN Result 7 (CDN Result 10 in v2, 16 in v3). The reliable channel already
    // finds a silent peer; these catch one that acknowledges and then stalls.
    model::Duration setup_timeout = std::chrono::seconds(60);
    model::Duration call_setup_timeout = std::chrono::seconds(120);
    // What this side asks for in the calls the peer places (cookie, sublayer, sequencing).
    SessionParams accepted_calls;
    // L2TPv3 pseudowires configured with this peer: an incoming call whose Remote End ID
    // names one is set up with that one's parameters (RFC 3931 §5.4.4: the End ID names the
    // circuit).
    std::vector<SessionParams> configured_pseudowires;
    // An incoming L2TPv3 call whose Remote End ID names none of them: accepted with
    // `accepted_calls` (true), or answered with CDN Result 5, permanent lack of facilities
    // (false), so that no interface is made up for a circuit nobody configured.
    bool accept_unconfigured_pseudowires = true;
};

// The defaults of a Cisco router's managed L2TPv3 pseudowires (docs/architecture.md: a named
// profile, not a fork of the code): L2TPv3 with HMAC-MD5 digests and nonces, hellos,
// L2-Specific Sublayer none, 4-octet cookies, Ethernet / VLAN / PPP pseudowires. Cisco's
// draft-era vendor-9 AVPs are always accepted as their RFC 3931 twins. IP encapsulation is the
// transport's choice (the peer's endpoint), not the profile's.
TunnelProfile cisco_lcce_profile(std::string secret);

// The data-plane defaults of the other systems in the field, as L2TPv3 profiles: Linux (`ip
// l2tp`: the default L2-Specific Sublayer, no cookie) and NetBSD's l2tp(4) (no sublayer,
// 4-octet cookies as in its examples; its IP encapsulation is the peer's `encapsulation`).
TunnelProfile linux_lcce_profile();
TunnelProfile netbsd_lcce_profile();

}  // namespace l2tp::model
