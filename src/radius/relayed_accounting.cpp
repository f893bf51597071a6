#include "radius/relayed_accounting.hpp"

#include "radius/attribute_values.hpp"
#include "radius/authenticators.hpp"
#include "radius/packet.hpp"

namespace l2tp::radius {

namespace {

PppdStart start_of(const Packet& request, std::uint32_t nas_port) {
    PppdStart start;
    start.nas_port = nas_port;
    if (const Attribute* user = request.find(attr::kUserName)) {
        start.user_name = std::string(as_text(*user));
    }
    for (const Attribute& attribute : request.attributes) {
        if (attribute.type == attr::kClass && !attribute.value.empty()) {
            start.classes.push_back(attribute.value);
        }
    }
    if (const Attribute* address = request.find(attr::kFramedIpAddress)) {
        start.framed_ip_address = as_ipv4_address(*address);
    }
    return start;
}

}  // namespace

std::string_view relay_verdict_name(RelayVerdict verdict) {
    switch (verdict) {
        case RelayVerdict::kStart:
            return "start";
        case RelayVerdict::kOtherStatus:
            return "other_status";
        case RelayVerdict::kNoNasPort:
            return "no_nas_port";
        case RelayVerdict::kMalformed:
            return "malformed";
        case RelayVerdict::kNotAccounting:
            return "not_accounting";
        case RelayVerdict::kBadAuthenticator:
            return "bad_authenticator";
    }
    return "unknown";
}

RelayedRequest relay_accounting_request(wire::Bytes datagram, wire::Bytes secret) {
    RelayedRequest out;
    Packet request;
    // Framing only: radius.so is our own pppd's, and a value l2tpd does not take (pppd 2.5's
    // empty Calling-Station-Id when the call has no Calling Number) must not cost the answer,
    // which radius.so waits for. The values taken below are read by kind-checking accessors.
    if (const DecodeError error = decode_framing(datagram, request)) {
        out.verdict = RelayVerdict::kMalformed;
        out.fault = describe(error);
        return out;
    }
    if (request.code != PacketCode::kAccountingRequest) {
        out.verdict = RelayVerdict::kNotAccounting;
        return out;
    }
    if (verify_request(request, secret, MessageAuthenticator::kCheckIfPresent) !=
        Verdict::kAuthentic) {
        out.verdict = RelayVerdict::kBadAuthenticator;
        return out;
    }
    // RFC 2866 §4.2: an Accounting-Response carries no attributes we need to send.
    Packet response{PacketCode::kAccountingResponse, request.identifier, {}, {}};
    sign_response(response, request.authenticator, secret, out.response);

    const Attribute* status = request.find(attr::kAcctStatusType);
    if (!status || as_integer(*status) != static_cast<std::uint32_t>(AcctStatusType::kStart)) {
        out.verdict = RelayVerdict::kOtherStatus;
        return out;
    }
    const Attribute* nas_port = request.find(attr::kNasPort);
    const std::optional<std::uint32_t> port = nas_port ? as_integer(*nas_port) : std::nullopt;
    if (!port) {
        out.verdict = RelayVerdict::kNoNasPort;
        return out;
    }
    out.verdict = RelayVerdict::kStart;
    out.start = start_of(request, *port);
    return out;
}

}  // namespace l2tp::radius
