// The radius block's `dynamic_authorization:` (docs/radius.md, "Disconnect (RFC 5176)"): where
// l2tpd listens for the billing system's Disconnect-Requests, which clients may send them and
// with which secrets, and how fresh their Event-Timestamp must be. Off until `listen` names an
// address.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace l2tp::config {

struct DynamicAuthorizationClient {
    std::string address;  // IPv4 or IPv6, as inet_ntop writes it
    std::string secret;

    friend bool operator==(const DynamicAuthorizationClient&,
                           const DynamicAuthorizationClient&) = default;
};

struct DynamicAuthorizationConfig {
    std::vector<std::string> listen;  // addresses, as inet_ntop writes them; none: no listener
    std::uint16_t port = 3799;        // RFC 5176 §2.3
    std::vector<DynamicAuthorizationClient> clients;
    std::uint32_t event_timestamp_window = 300;  // seconds (RFC 5176 §3)
    bool require_event_timestamp = false;

    friend bool operator==(const DynamicAuthorizationConfig&,
                           const DynamicAuthorizationConfig&) = default;
};

}  // namespace l2tp::config
