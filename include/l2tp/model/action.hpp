// What the protocol core asks of the world: values the daemon carries out (docs/architecture.md:
// Send, InstallTunnel, Remove..., Notify). The core itself does no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/wire/message_type.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

// Transmit one control message. Over IP encapsulation the transport prepends the zero Session
// ID (RFC 3931 §4.1.1.2).
struct SendDatagram {
    PeerEndpoint to;
    std::uint32_t tunnel_id = 0;  // local ID of the sending tunnel
    std::vector<std::uint8_t> bytes;
};

// The control connection is up: the datapath may install the tunnel.
struct InstallTunnel {
    std::uint32_t tunnel_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    PeerEndpoint peer;
    std::string peer_host_name;
};

enum class CloseReason : std::uint8_t {
    kLocalRequest,     // admin closed it: StopCCN sent
    kPeerStopCcn,      // the peer sent StopCCN
    kProtocolError,    // we sent StopCCN with an error Result Code
    kNotAuthorized,    // challenge or digest failed: StopCCN result 4 sent
    kPeerUnreachable,  // retransmissions exhausted (RFC 2661 §5.8), no StopCCN possible
    kTieBreakerLost,   // silently discarded (RFC 2661 §4.4.3)
    kSetupTimeout,     // not established in time: StopCCN result 7 sent
    kNoResources,      // a limit reached: StopCCN result 2, error 4 sent
};

std::string_view close_reason_name(CloseReason reason);

// The control connection is gone (or going: its state lingers for the full retransmission
// interval, but the datapath must remove the tunnel now).
struct RemoveTunnel {
    std::uint32_t tunnel_id = 0;
    CloseReason reason = CloseReason::kLocalRequest;
    std::uint16_t result_code = 0;
    std::uint16_t error_code = 0;
    std::string message;
};

// The tunnel's state is freed (after the closing hold, or at once when it never got going): the
// transport may close the tunnel's own socket; nothing will be sent or expected for it again.
struct ReleaseTunnel {
    std::uint32_t tunnel_id = 0;
};

// A session is up: the datapath installs it with the negotiated parameters.
struct InstallSession {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    std::uint32_t peer_session_id = 0;
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    std::uint16_t pseudowire_type = kPwPpp;
    std::vector<std::uint8_t> cookie;       // we expect on received data (v3)
    std::vector<std::uint8_t> peer_cookie;  // we send on data (v3)
    wire::L2SpecificSublayer sublayer = wire::L2SpecificSublayer::kNone;  // we require
    bool data_sequencing = false;  // we require sequence numbers on received data
    std::string remote_end_id;     // v3: the circuit
    SessionLink link;
    // v3: what the peer requires on what we send (RFC 3931 §5.4.4).
    wire::L2SpecificSublayer peer_sublayer = wire::L2SpecificSublayer::kNone;
    bool peer_data_sequencing = false;
};

// The session carries PPP: hand it to pppd (after InstallSession), with what pppd is told of
// the call.
struct StartPpp {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    std::uint32_t peer_session_id = 0;
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    // This side is the LNS of the call (it answered an incoming call or placed an outgoing
    // one, RFC 2661 §2); in L2TPv3 the side that answered.
    bool lns = true;
    PeerEndpoint peer;
    std::string peer_host_name;
    std::string profile_name;  // the tunnel's TunnelProfile::name
    std::string calling_number;
    std::string called_number;
    std::uint32_t call_serial = 0;  // the call's Call Serial Number (SessionParams)
};

// The session is gone: stop pppd, remove it from the datapath.
struct RemoveSession {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    bool by_peer = false;  // the peer sent CDN (otherwise we did, or the tunnel went)
    std::uint16_t result_code = 0;
    std::uint16_t error_code = 0;
    std::string message;
};

// WEN or SLI from the peer (RFC 2661 §6.13-6.14, RFC 3931 §6.13-6.14): passed on.
struct SessionNotice {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    wire::MessageType type = wire::MessageType::kSli;
    std::uint16_t circuit_status = 0;  // v3 SLI
};

using Action = std::variant<SendDatagram, InstallTunnel, RemoveTunnel, ReleaseTunnel,
                            InstallSession, StartPpp, RemoveSession, SessionNotice>;

}  // namespace l2tp::model
