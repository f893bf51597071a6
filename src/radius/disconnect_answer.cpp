#include "radius/disconnect_answer.hpp"

#include "radius/authenticators.hpp"

namespace l2tp::radius {

namespace {

PacketCode answer_code(PacketCode request, bool nak) {
    if (request == PacketCode::kCoaRequest) {
        return nak ? PacketCode::kCoaNak : PacketCode::kCoaAck;
    }
    return nak ? PacketCode::kDisconnectNak : PacketCode::kDisconnectAck;
}

}  // namespace

std::vector<std::uint8_t> disconnect_answer(const Packet& request, std::optional<ErrorCause> nak,
                                            wire::Bytes secret) {
    Packet answer{answer_code(request.code, nak.has_value()), request.identifier, {}, {}};
    if (nak) {
        answer.attributes.push_back(
            make_integer(attr::kErrorCause, static_cast<std::uint32_t>(*nak)));
    }
    if (request.find(attr::kMessageAuthenticator)) {
        // Any 16 octets: sign_response computes it.
        answer.attributes.push_back(make_octets(attr::kMessageAuthenticator, Authenticator{}));
    }
    for (const Attribute& attribute : request.attributes) {
        if (attribute.type == attr::kProxyState) {
            answer.attributes.push_back(attribute);
        }
    }
    std::vector<std::uint8_t> out;
    // A request so full of Proxy-State that the answer would pass 4096 octets (RFC 2865 §3)
    // gets none.
    if (sign_response(answer, request.authenticator, secret, out) != EncodeFault::kNone) {
        out.clear();
    }
    return out;
}

}  // namespace l2tp::radius
