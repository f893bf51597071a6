// An Accounting-Request's attributes (RFC 2866 §4.1, §5; RFC 2867 §4; RFC 2868 §3) built from
// what l2tpd knows of one PPP session: session facts in, attributes out, no socket, no clock.
// Acct-Delay-Time goes out as 0 and is raised by whoever retransmits (set_acct_delay_time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "radius/attribute.hpp"
#include "radius/attribute_values.hpp"

namespace l2tp::radius {

// Who we are, from the radius block of the configuration.
struct NasIdentity {
    std::string identifier;  // NAS-Identifier (RFC 2865 §5.32); none when empty
    std::optional<Ipv4Address> ip_address;
};

// One PPP session, as it stands when its Start is sent. Text that came from the L2TP peer
// (numbers, host name) is escaped here with wire::printable; every text is cut to 253 octets
// (RFC 2865 §5).
struct AccountingSession {
    std::string session_id;  // Acct-Session-Id (RFC 2866 §5.5)
    std::uint32_t nas_port = 0;
    // From radius.so's Start, relayed: what only pppd knows.
    std::string user_name;
    std::vector<std::vector<std::uint8_t>> classes;  // each Class echoed (RFC 2865 §5.25)
    std::optional<Ipv4Address> framed_ip_address;
    // From the L2TP call and tunnel, as received.
    std::string calling_number;  // Calling-Station-Id
    std::string called_number;   // Called-Station-Id
    std::string peer_host_name;  // Tunnel-Client-Auth-ID
    // Ours and the tunnel's.
    TunnelMediumType medium = TunnelMediumType::kIpv4;
    std::string client_endpoint;    // the LAC's address, as text (RFC 2868 §3.3)
    std::string server_endpoint;    // ours
    std::string tunnel_connection;  // Acct-Tunnel-Connection (RFC 2867 §4.1)
    std::string host_name;          // Tunnel-Server-Auth-ID
};

// Traffic and time so far, for Interim-Update and Stop (RFC 2866 §5.3, §5.4, §5.7, §5.8, §5.9;
// RFC 2869 §5.1, §5.2 for the octets above 32 bits).
struct SessionUsage {
    std::uint32_t session_time = 0;  // seconds
    std::uint64_t input_octets = 0;  // from the subscriber
    std::uint64_t output_octets = 0;
    std::uint64_t input_packets = 0;
    std::uint64_t output_packets = 0;
};

struct AccountingEvent {
    AcctStatusType status = AcctStatusType::kStart;
    std::uint32_t event_timestamp = 0;  // seconds since 1970 (RFC 2869 §5.3)
    SessionUsage usage;                 // sent on Interim-Update and Stop only
    AcctTerminateCause terminate_cause = AcctTerminateCause::kNasError;  // on Stop only
};

std::vector<Attribute> accounting_attributes(const NasIdentity& nas,
                                             const AccountingSession& session,
                                             const AccountingEvent& event);

// The NAS's own record (RFC 2866 §5.1): Accounting-On when it starts accounting, Accounting-Off
// before it stops. A RADIUS server takes either as the end of every session the NAS had open,
// which is how an LNS farm's server closes the sessions of a box that crashed and frees their
// addresses once the box is back. `session_id`: the daemon's (AcctSessionIds::daemon()).
std::vector<Attribute> nas_state_attributes(const NasIdentity& nas, AcctStatusType on_or_off,
                                            std::string_view session_id,
                                            std::uint32_t event_timestamp);

// Sets the record's Acct-Delay-Time (RFC 2866 §5.2): how long it has waited to be sent. The
// Request Authenticator covers it, so the request is signed again after.
void set_acct_delay_time(std::vector<Attribute>& attributes, std::uint32_t seconds);

}  // namespace l2tp::radius
