#include "fsm/call_link.hpp"

namespace l2tp::fsm {

std::uint32_t CallLink::peer_session_id_in(const wire::ControlMessage& m) const {
    const wire::AvpKey key = version() == wire::ProtocolVersion::kV2 ? wire::avp::kAssignedSessionId
                                                                     : wire::avp::kLocalSessionId;
    return static_cast<std::uint32_t>(m.unsigned_value(key).value_or(0));
}

void CallLink::send_cdn(std::uint32_t local_id, std::uint32_t peer_id, wire::CdnResult result,
                        wire::GeneralError error, std::string_view text, Time now) {
    // RFC 2661 §6.12: Result Code and our Assigned Session ID, to the peer's session;
    // RFC 3931 §6.12: Result Code with both Session IDs.
    wire::MessageBuilder b = channel.builder(wire::MessageType::kCdn);
    stats.cdn_sent.count(static_cast<std::uint16_t>(result));
    const bool has_error = result == wire::CdnResult::kGeneralError;
    b.add_result_code(wire::ResultCodeValue{
        static_cast<std::uint16_t>(result),
        has_error ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(error)) : std::nullopt,
        text});
    if (version() == wire::ProtocolVersion::kV2) {
        b.add_unsigned(wire::avp::kAssignedSessionId, local_id,
                       channel.visibility(wire::avp::kAssignedSessionId));
    } else {
        b.add_unsigned(wire::avp::kLocalSessionId, local_id)
            .add_unsigned(wire::avp::kRemoteSessionId, peer_id);
    }
    channel.send_call_message(b, now, peer_id);
}

}  // namespace l2tp::fsm
