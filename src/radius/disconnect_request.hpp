// The reading of a Disconnect-Request or CoA-Request (RFC 5176) from a configured client, with
// that client's secret and the current time, into what to do with it. Sans-I/O: a datagram in,
// a verdict out; answer it with disconnect_answer.hpp.
//
// In order: a datagram that is no such request is dropped; one whose Request Authenticator
// (RFC 5176 §2.3) or Message-Authenticator (RFC 3579 §3.2) is wrong is silently discarded, as
// is one whose Event-Timestamp is outside the window or missing where it is required (RFC 5176
// §3: replay protection). What is left is answered: CoA-Request with CoA-NAK 405 (l2tpd changes
// no session's authorization), a Disconnect-Request with a NAK when it carries what l2tpd does
// not act on (401), a singular attribute twice or one whose value does not fit its type (404),
// no session identification (402) or
// another NAS's identification (403) (RFC 5176 §3.5); otherwise the sessions it identifies are
// to be disconnected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "l2tp/wire/bytes.hpp"
#include "radius/attribute_values.hpp"
#include "radius/packet.hpp"
#include "radius/session_selector.hpp"

namespace l2tp::radius {

// Who we are, for NAS-IP-Address, NAS-IPv6-Address and NAS-Identifier (RFC 5176 §3): a request
// naming another NAS is refused. An identity we have none of is not checked.
struct DasIdentity {
    std::string identifier;
    std::optional<Ipv4Address> ipv4;
    std::optional<Ipv6Address> ipv6;
};

// RFC 5176 §3: Event-Timestamp, when present, must be within `seconds` of our clock.
struct ReplayWindow {
    std::uint32_t seconds = 300;
    bool require_event_timestamp = false;
};

enum class DisconnectVerdict : std::uint8_t {
    kDisconnect,        // authentic and acceptable: end the sessions `selector` matches
    kNak,               // authentic, refused: answer with `error_cause`
    kMalformed,         // not a RADIUS Disconnect-Request or CoA-Request: dropped
    kBadAuthenticator,  // Request Authenticator or Message-Authenticator wrong: dropped
    kStaleTimestamp,    // Event-Timestamp outside the window, or missing where required: dropped
};

std::string_view disconnect_verdict_name(DisconnectVerdict verdict);

struct DisconnectReading {
    DisconnectVerdict verdict = DisconnectVerdict::kMalformed;
    Packet request;            // decoded; meaningful unless kMalformed
    ErrorCause error_cause{};  // kNak
    SessionSelector selector;  // kDisconnect
};

// `now`: seconds since 1970-01-01 UTC.
DisconnectReading read_disconnect_request(wire::Bytes datagram, wire::Bytes secret,
                                          const DasIdentity& nas, const ReplayWindow& window,
                                          std::uint32_t now);

}  // namespace l2tp::radius
