// Why a pppd ended, as the CDN that clears its session says it (RFC 2661 §4.4.2 Result Codes
// for CDN), from pppd's exit status (pppd(8) "EXIT STATUS").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace l2tp::ppp {

struct SessionEnd {
    std::uint16_t result_code = 0;
    std::uint16_t error_code = 0;
    std::string message;  // "pppd exited with status 11: peer authentication failed"
    // As waitpid() reported it, when pppd ran and ended on its own (not when it could not start
    // or was not up in time): what accounting's Acct-Terminate-Cause is told.
    std::optional<int> wait_status;
};

// `wait_status` as waitpid() reports it.
SessionEnd session_end(int wait_status);
// pppd ended because the peer failed to authenticate itself (pppd(8) status 11).
bool peer_authentication_failed(int wait_status);

}  // namespace l2tp::ppp
