#include "l2tp/model/tunnel_status.hpp"

namespace l2tp::model {

std::string_view session_state_name(SessionState state) {
    switch (state) {
        case SessionState::kWaitReply:
            return "wait-reply";
        case SessionState::kWaitConnect:
            return "wait-connect";
        case SessionState::kEstablished:
            return "established";
    }
    return "unknown";
}

std::string_view tunnel_state_name(TunnelState state) {
    switch (state) {
        case TunnelState::kIdle:
            return "idle";
        case TunnelState::kWaitCtlReply:
            return "wait-ctl-reply";
        case TunnelState::kWaitCtlConn:
            return "wait-ctl-conn";
        case TunnelState::kEstablished:
            return "established";
        case TunnelState::kClosing:
            return "closing";
    }
    return "unknown";
}

}  // namespace l2tp::model
