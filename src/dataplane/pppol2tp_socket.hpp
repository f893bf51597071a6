// A PPP session's channel: a PPPoL2TP socket (PF_PPPOX, PX_PROTO_OL2TP) connected to a session
// of a tunnel the kernel already has, which pppd takes over (Documentation/networking/l2tp.rst,
// "PPPoL2TP Sessions"). The session exists before (L2TP_CMD_SESSION_CREATE, pseudowire PPP),
// so the address only names it; its form says the version and the tunnel's address family.
#pragma once

#include <cstdint>

#include "dataplane/result.hpp"

namespace l2tp::dataplane {

struct PppChannelSpec {
    int tunnel_socket = -1;  // the managed tunnel's own socket
    bool ipv6 = false;       // the tunnel's address family
    std::uint8_t version = 2;
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    std::uint32_t peer_session_id = 0;
};

// The connected socket (close-on-exec), the caller's to close.
Result<int> open_pppol2tp_socket(const PppChannelSpec& spec);

}  // namespace l2tp::dataplane
