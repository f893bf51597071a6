// The sessions a Disconnect-Request is about (RFC 5176 §3): the session identification
// attributes l2tpd acts on, and whether an accounted session has them all. Every attribute the
// request carries must match; one it leaves out selects any value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "radius/accounting_record.hpp"
#include "radius/attribute.hpp"

namespace l2tp::radius {

struct SessionSelector {
    std::optional<std::string> acct_session_id;  // Acct-Session-Id (RFC 2866 §5.5)
    std::optional<std::string> user_name;        // User-Name (RFC 2865 §5.1), as received
    std::optional<Ipv4Address> framed_ip_address;
    std::optional<std::string> calling_station_id;  // as l2tpd's accounting sent it
    std::optional<std::uint32_t> nas_port;

    // Whether any identification is present: an empty selector would select everything.
    [[nodiscard]] bool empty() const;
    bool operator==(const SessionSelector&) const = default;
};

// Whether `session`'s accounting facts have every identifier `selector` carries. The
// Calling-Station-Id is compared as l2tpd sent it (escaped, cut to 253 octets): that is what
// the billing system knows. User-Name and Framed-IP-Address are known once radius.so's Start
// came; before, a selector naming them does not match.
bool selects(const SessionSelector& selector, const AccountingSession& session);

}  // namespace l2tp::radius
