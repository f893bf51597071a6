#include "ppp/pppd_exit.hpp"

#include <sys/wait.h>

#include <cstring>
#include <string_view>

#include "l2tp/wire/result_code.hpp"

namespace l2tp::ppp {

namespace {

using wire::CdnResult;
using wire::GeneralError;

constexpr int kPeerAuthFailed = 11;  // pppd(8) EXIT STATUS

struct ExitMeaning {
    std::string_view text;
    CdnResult result;
    GeneralError error = GeneralError::kNone;
};

// pppd(8) EXIT STATUS, 0-21. The link's own ends (the peer went, LCP echoes unanswered) are
// a lost carrier; policy ends (authentication, idle, time and traffic limits, a signal) are
// administrative; pppd failing on its own side is a general error, with "insufficient
// resources" where this host is at fault.
ExitMeaning meaning(int status) {
    switch (status) {
        case 0:
            return {"the link ended", CdnResult::kLostCarrier};
        case 1:
            return {"fatal error", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 2:
            return {"option error", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 3:
            return {"not run as root", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 4:
            return {"no PPP support in the kernel", CdnResult::kGeneralError,
                    GeneralError::kNoResources};
        case 5:
            return {"stopped by a signal", CdnResult::kAdministrative};
        case 6:
            return {"lock failed", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 7:
            return {"open failed", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 8:
            return {"connect failed", CdnResult::kGeneralError, GeneralError::kNoResources};
        case 10:
            return {"PPP negotiation failed", CdnResult::kGeneralError};
        case kPeerAuthFailed:
            return {"peer authentication failed", CdnResult::kAdministrative};
        case 12:
            return {"idle timeout", CdnResult::kAdministrative};
        case 13:
            return {"connect time limit", CdnResult::kAdministrative};
        case 15:
            return {"peer dead (LCP echoes unanswered)", CdnResult::kLostCarrier};
        case 16:
            return {"hangup", CdnResult::kLostCarrier};
        case 17:
            return {"loopback detected", CdnResult::kGeneralError};
        case 18:
            return {"init script failed", CdnResult::kGeneralError};
        case 19:
            return {"authentication to the peer failed", CdnResult::kAdministrative};
        case 20:
            return {"traffic limit", CdnResult::kAdministrative};
        case 21:
            return {"CNID authentication failed", CdnResult::kAdministrative};
        default:
            return {"unexpected exit status", CdnResult::kGeneralError};
    }
}

}  // namespace

SessionEnd session_end(int wait_status) {
    if (WIFSIGNALED(wait_status)) {
        const int signal = WTERMSIG(wait_status);
        return {static_cast<std::uint16_t>(CdnResult::kGeneralError), 0,
                "pppd killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")",
                wait_status};
    }
    const int status = WEXITSTATUS(wait_status);
    const ExitMeaning m = meaning(status);
    return {static_cast<std::uint16_t>(m.result), static_cast<std::uint16_t>(m.error),
            "pppd exited with status " + std::to_string(status) + ": " + std::string(m.text),
            wait_status};
}

bool peer_authentication_failed(int wait_status) {
    return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == kPeerAuthFailed;
}

}  // namespace l2tp::ppp
