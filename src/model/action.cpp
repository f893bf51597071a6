#include "l2tp/model/action.hpp"

namespace l2tp::model {

std::string_view close_reason_name(CloseReason reason) {
    switch (reason) {
        case CloseReason::kLocalRequest:
            return "closed by request";
        case CloseReason::kPeerStopCcn:
            return "peer sent StopCCN";
        case CloseReason::kProtocolError:
            return "protocol error";
        case CloseReason::kNotAuthorized:
            return "not authorized";
        case CloseReason::kPeerUnreachable:
            return "peer unreachable";
        case CloseReason::kTieBreakerLost:
            return "tie breaker lost";
        case CloseReason::kSetupTimeout:
            return "set-up timed out";
        case CloseReason::kNoResources:
            return "insufficient resources";
    }
    return "unknown";
}

}  // namespace l2tp::model
