// What the engine reports about its tunnels and sessions: their states (RFC 2661 §7.2-7.4,
// RFC 3931 §7.2-7.4) and the snapshot `l2tpctl` shows. Plain values: the state machines fill
// them in, the engine hands them out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/model/peer_endpoint.hpp"
#include "l2tp/model/proxy_ppp.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/model/time.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::model {

enum class TunnelState : std::uint8_t {
    kIdle,          // responder before the SCCRQ is processed
    kWaitCtlReply,  // SCCRQ sent (RFC 2661 §7.2 wait-ctl-reply)
    kWaitCtlConn,   // SCCRP sent (wait-ctl-conn)
    kEstablished,
    kClosing,  // StopCCN sent or received; held for the retransmission interval
};

std::string_view tunnel_state_name(TunnelState state);

enum class SessionState : std::uint8_t {
    kWaitReply,    // ICRQ / OCRQ sent
    kWaitConnect,  // ICRP / OCRP sent (incoming) or received (outgoing)
    kEstablished,
};

std::string_view session_state_name(SessionState state);

struct SessionInfo {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    std::uint32_t peer_session_id = 0;
    SessionState state = SessionState::kWaitReply;
    CallDirection direction = CallDirection::kIncoming;
    bool initiator = false;
    std::uint16_t pseudowire_type = kPwPpp;
    std::string remote_end_id;              // v3: the circuit
    std::vector<std::uint8_t> cookie;       // v3: we expect on received data
    std::vector<std::uint8_t> peer_cookie;  // v3: we send on data
    wire::L2SpecificSublayer sublayer = wire::L2SpecificSublayer::kNone;
    bool data_sequencing = false;
    std::string calling_number;  // as the call's ICRQ / OCRQ carried them (from the wire)
    std::string called_number;
    ProxyPpp proxy;  // LNS: what the LAC's ICCN said of the PPP it began
};

struct TunnelInfo {
    std::uint32_t tunnel_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    wire::ProtocolVersion version = wire::ProtocolVersion::kV2;
    TunnelState state = TunnelState::kWaitCtlReply;
    PeerEndpoint peer;
    std::string peer_host_name;
    bool channel_idle = true;  // every message sent has been acknowledged, no ack owed
    std::size_t sessions = 0;
    std::size_t queued_messages = 0;  // waiting for room in the peer's receive window
    // The control channel's smoothed round trip, once measured, and the wait before the
    // next message's first retransmission (RFC 6298 §2).
    std::optional<Duration> round_trip;
    Duration retransmit_timeout{};
};

}  // namespace l2tp::model
