// What ended a PPP session, as the driver learns it, and the Acct-Terminate-Cause (RFC 2866
// §5.10) that tells the accounting server so. The first cause the driver learns is the one
// that counts: a pppd stopped because the LAC sent a CDN ended with the CDN, not with the
// signal that stopped pppd.
#pragma once

#include <cstdint>

#include "radius/attribute_values.hpp"

namespace l2tp::driver {

struct SessionEnding {
    enum class Origin : std::uint8_t {
        kPeerCallDisconnect,  // the LAC's CDN
        kPeerTunnelClose,     // the LAC's StopCCN
        kTunnelLost,          // the LAC stopped acknowledging (RFC 2661 §5.8)
        kPppdExit,            // pppd ended on its own: LCP, idle, limits, echoes, a crash
        kAdministrator,       // l2tpctl, a reload that removed it
        kShutdown,            // l2tpd stopping
        kLocalFailure,        // l2tpd cleared it: its datapath or pppd could not be set up
    };
    Origin origin = Origin::kPppdExit;
    std::uint16_t cdn_result = 0;  // kPeerCallDisconnect: the CDN's Result Code
    int pppd_wait_status = 0;      // kPppdExit: as waitpid() reports it
};

radius::AcctTerminateCause terminate_cause(const SessionEnding& ending);

}  // namespace l2tp::driver
