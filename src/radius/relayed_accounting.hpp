// The accounting relay's reading of an Accounting-Request that pppd's radius.so sent to l2tpd
// (its acctserver is l2tpd, docs/radius.md): checked with the relay's secret (RFC 2866 §3),
// answered at once, and from a Start what only pppd knows taken for l2tpd's own record.
// Sans-I/O: a datagram in, the verdict, the facts and the answer's octets out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/wire/bytes.hpp"
#include "radius/attribute.hpp"

namespace l2tp::radius {

// What radius.so's Start says that l2tpd cannot know itself.
struct PppdStart {
    // The session's NAS-Port as l2tpd gave it (pppd option `avpair NAS-Port=N`). radiusclient
    // appends a NAS-Port of its own (the ppp unit, buildreq.c), after ours: the first counts.
    std::uint32_t nas_port = 0;
    std::string user_name;  // as received: escape before showing
    std::vector<std::vector<std::uint8_t>> classes;
    std::optional<Ipv4Address> framed_ip_address;
};

enum class RelayVerdict : std::uint8_t {
    kStart,             // answered; `start` holds its facts
    kOtherStatus,       // an authentic Interim-Update or Stop: answered, nothing taken
    kNoNasPort,         // an authentic Start without a NAS-Port: answered, nothing taken
    kMalformed,         // dropped
    kNotAccounting,     // not an Accounting-Request: dropped
    kBadAuthenticator,  // not signed with the relay's secret: dropped
};

std::string_view relay_verdict_name(RelayVerdict verdict);

struct RelayedRequest {
    RelayVerdict verdict = RelayVerdict::kMalformed;
    std::optional<PppdStart> start;
    std::vector<std::uint8_t> response;  // the Accounting-Response to send; empty when dropped
    std::string fault;                   // what was malformed (plain ASCII), when it was
};

RelayedRequest relay_accounting_request(wire::Bytes datagram, wire::Bytes secret);

}  // namespace l2tp::radius
