#include "driver/session_ending.hpp"

#include <sys/wait.h>

#include "l2tp/wire/result_code.hpp"

namespace l2tp::driver {

namespace {

using radius::AcctTerminateCause;
using wire::CdnResult;

// RFC 2661 §4.4.2 / RFC 3931 §5.4.2 CDN Result Codes: the line went (carrier, framing, dial
// tone, the call's timer) is a lost carrier, the LAC's operator is an admin reset, anything
// else the LAC could no longer serve is a lost service.
AcctTerminateCause cause_of_cdn(std::uint16_t result) {
    switch (static_cast<CdnResult>(result)) {
        case CdnResult::kLostCarrier:
        case CdnResult::kNoCarrier:
        case CdnResult::kNoDialTone:
        case CdnResult::kTimeout:
        case CdnResult::kNoFraming:
            return AcctTerminateCause::kLostCarrier;
        case CdnResult::kAdministrative:
            return AcctTerminateCause::kAdminReset;
        default:
            return AcctTerminateCause::kLostService;
    }
}

// pppd(8) EXIT STATUS of a pppd that ended on its own; a pppd ended by a signal it did not
// handle crashed or was killed.
AcctTerminateCause cause_of_pppd_exit(int wait_status) {
    if (!WIFEXITED(wait_status)) {
        return AcctTerminateCause::kNasError;
    }
    switch (WEXITSTATUS(wait_status)) {
        case 0:  // the link ended: the subscriber's LCP Terminate-Request
            return AcctTerminateCause::kUserRequest;
        case 5:  // SIGTERM/SIGINT from someone on this host, not from l2tpd
            return AcctTerminateCause::kAdminReset;
        case 10:  // negotiation failed
        case 11:  // the peer failed to authenticate
        case 19:  // we failed to authenticate to the peer
        case 21:  // CHAP/CBCP number authentication failed
            return AcctTerminateCause::kServiceUnavailable;
        case 12:
            return AcctTerminateCause::kIdleTimeout;
        case 13:  // maxconnect
            return AcctTerminateCause::kSessionTimeout;
        case 15:  // LCP echoes unanswered
        case 16:  // hangup
            return AcctTerminateCause::kLostCarrier;
        case 20:  // traffic limit
            return AcctTerminateCause::kNasRequest;
        default:  // pppd failed on its own side
            return AcctTerminateCause::kNasError;
    }
}

}  // namespace

AcctTerminateCause terminate_cause(const SessionEnding& ending) {
    using Origin = SessionEnding::Origin;
    switch (ending.origin) {
        case Origin::kPeerCallDisconnect:
            return cause_of_cdn(ending.cdn_result);
        case Origin::kPeerTunnelClose:
            return AcctTerminateCause::kLostService;
        case Origin::kTunnelLost:
            return AcctTerminateCause::kLostCarrier;
        case Origin::kPppdExit:
            return cause_of_pppd_exit(ending.pppd_wait_status);
        case Origin::kAdministrator:
            return AcctTerminateCause::kAdminReset;
        case Origin::kShutdown:
            return AcctTerminateCause::kAdminReboot;
        case Origin::kLocalFailure:
            return AcctTerminateCause::kNasError;
    }
    return AcctTerminateCause::kNasError;
}

}  // namespace l2tp::driver
