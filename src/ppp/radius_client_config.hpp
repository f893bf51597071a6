// The RADIUS servers pppd's radius.so authenticates subscribers with (the configuration's
// `radius:` block, docs/radius.md), as l2tpd writes them into the plugin's radiusclient files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l2tp::ppp {

struct RadiusServer {
    std::string address;             // IPv4, dotted: the bundled radiusclient resolves no IPv6
    std::uint16_t auth_port = 1812;  // RFC 2865 §3
    std::uint16_t acct_port = 1813;  // RFC 2866 §3
    std::string secret;

    friend bool operator==(const RadiusServer&, const RadiusServer&) = default;
};

// l2tpd's accounting relay (docs/radius.md, "Accounting"): radius.so's accounting goes there
// instead of to the servers, with a secret of its own.
struct AccountingRelayAddress {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;
    std::string secret;

    friend bool operator==(const AccountingRelayAddress&, const AccountingRelayAddress&) = default;
};

struct RadiusClientConfig {
    // Tried in this order: a server that does not answer within timeout × retries is followed
    // by the next; a reject is final.
    std::vector<RadiusServer> servers;
    std::uint32_t timeout = 3;   // seconds per try
    std::uint32_t retries = 3;   // tries per server
    std::string nas_identifier;  // NAS-Identifier (RFC 2865 §5.32)
    std::string nas_ip_address;  // NAS-IP-Address (§5.4) and the requests' source; may be empty
    // Seconds between l2tpd's Interim-Update records (RFC 2866 §5.1), 0 for none.
    std::uint32_t interim_interval = 0;
    // Not read from the configuration: set by the daemon once its relay listens.
    std::optional<AccountingRelayAddress> accounting_relay;

    friend bool operator==(const RadiusClientConfig&, const RadiusClientConfig&) = default;
};

}  // namespace l2tp::ppp
