#include "radius/disconnect_request.hpp"

#include <algorithm>
#include <array>

#include "radius/authenticators.hpp"

namespace l2tp::radius {

namespace {

// What a Disconnect-Request may carry for l2tpd to act on it (RFC 5176 §3.6's table, narrowed
// to the identifiers l2tpd keeps): NAS and session identification, Acct-Terminate-Cause (read
// and ignored: the Stop says Admin-Reset), replay protection and integrity, proxies' state.
// Each but Proxy-State at most once.
constexpr std::array kSingular{
    attr::kNasIpAddress,       attr::kNasIpv6Address,  attr::kNasIdentifier,        attr::kUserName,
    attr::kAcctSessionId,      attr::kFramedIpAddress, attr::kCallingStationId,     attr::kNasPort,
    attr::kAcctTerminateCause, attr::kEventTimestamp,  attr::kMessageAuthenticator,
};

bool is_request(PacketCode code) {
    return code == PacketCode::kDisconnectRequest || code == PacketCode::kCoaRequest;
}

bool within(std::uint32_t timestamp, std::uint32_t now, std::uint32_t window) {
    const std::uint32_t difference = timestamp > now ? timestamp - now : now - timestamp;
    return difference <= window;
}

bool fresh(const Packet& request, const ReplayWindow& window, std::uint32_t now) {
    const Attribute* timestamp = request.find(attr::kEventTimestamp);
    if (!timestamp) {
        return !window.require_event_timestamp;
    }
    const std::optional<std::uint32_t> value = as_integer(*timestamp);
    return value && within(*value, now, window.seconds);
}

// 401 for an attribute l2tpd does not act on; 404 (RFC 5176 §3.5: "not formatted properly")
// for a singular one repeated or a value that does not fit its type.
std::optional<ErrorCause> attribute_fault(const Packet& request) {
    for (const Attribute& attribute : request.attributes) {
        if (attribute.type == attr::kProxyState) {
            continue;
        }
        if (std::ranges::find(kSingular, attribute.type) == kSingular.end()) {
            return ErrorCause::kUnsupportedAttribute;
        }
        if (std::ranges::count(request.attributes, attribute.type, &Attribute::type) > 1) {
            return ErrorCause::kInvalidRequest;
        }
    }
    if (check_values(request)) {
        return ErrorCause::kInvalidRequest;
    }
    return std::nullopt;
}

bool names_another_nas(const Packet& request, const DasIdentity& nas) {
    if (const Attribute* a = request.find(attr::kNasIpAddress); a && nas.ipv4) {
        if (as_ipv4_address(*a) != nas.ipv4) {
            return true;
        }
    }
    if (const Attribute* a = request.find(attr::kNasIpv6Address); a && nas.ipv6) {
        if (as_ipv6_address(*a) != nas.ipv6) {
            return true;
        }
    }
    const Attribute* identifier = request.find(attr::kNasIdentifier);
    return identifier && !nas.identifier.empty() && as_text(*identifier) != nas.identifier;
}

SessionSelector selector_of(const Packet& request) {
    SessionSelector s;
    if (const Attribute* a = request.find(attr::kAcctSessionId)) {
        s.acct_session_id = std::string(as_text(*a));
    }
    if (const Attribute* a = request.find(attr::kUserName)) {
        s.user_name = std::string(as_text(*a));
    }
    if (const Attribute* a = request.find(attr::kFramedIpAddress)) {
        s.framed_ip_address = as_ipv4_address(*a);
    }
    if (const Attribute* a = request.find(attr::kCallingStationId)) {
        s.calling_station_id = std::string(as_text(*a));
    }
    if (const Attribute* a = request.find(attr::kNasPort)) {
        s.nas_port = as_integer(*a);
    }
    return s;
}

DisconnectReading nak(DisconnectReading reading, ErrorCause cause) {
    reading.verdict = DisconnectVerdict::kNak;
    reading.error_cause = cause;
    return reading;
}

}  // namespace

std::string_view disconnect_verdict_name(DisconnectVerdict verdict) {
    switch (verdict) {
        case DisconnectVerdict::kDisconnect:
            return "disconnect";
        case DisconnectVerdict::kNak:
            return "nak";
        case DisconnectVerdict::kMalformed:
            return "malformed";
        case DisconnectVerdict::kBadAuthenticator:
            return "bad_authenticator";
        case DisconnectVerdict::kStaleTimestamp:
            return "stale_timestamp";
    }
    return "unknown";
}

DisconnectReading read_disconnect_request(wire::Bytes datagram, wire::Bytes secret,
                                          const DasIdentity& nas, const ReplayWindow& window,
                                          std::uint32_t now) {
    DisconnectReading reading;
    if (decode_framing(datagram, reading.request) || !is_request(reading.request.code)) {
        reading.verdict = DisconnectVerdict::kMalformed;
        return reading;
    }
    const Packet& request = reading.request;
    if (verify_request(request, secret, MessageAuthenticator::kCheckIfPresent) !=
        Verdict::kAuthentic) {
        reading.verdict = DisconnectVerdict::kBadAuthenticator;
        return reading;
    }
    if (!fresh(request, window, now)) {
        reading.verdict = DisconnectVerdict::kStaleTimestamp;
        return reading;
    }
    if (request.code == PacketCode::kCoaRequest) {
        return nak(std::move(reading), ErrorCause::kUnsupportedService);
    }
    if (const auto fault = attribute_fault(request)) {
        return nak(std::move(reading), *fault);
    }
    if (names_another_nas(request, nas)) {
        return nak(std::move(reading), ErrorCause::kNasIdentificationMismatch);
    }
    reading.selector = selector_of(request);
    if (reading.selector.empty()) {
        return nak(std::move(reading), ErrorCause::kMissingAttribute);
    }
    reading.verdict = DisconnectVerdict::kDisconnect;
    return reading;
}

}  // namespace l2tp::radius
