// An IPv6 prefix as RADIUS gives it (RFC 3162 §2.3 Framed-IPv6-Prefix, RFC 4818
// Delegated-IPv6-Prefix) and pppd's radattr.so writes it: "2001:db8::/64".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l2tp::ppp {

struct Ipv6Prefix {
    std::array<std::uint8_t, 16> address{};  // the bits past `length` are zero
    std::uint8_t length = 0;

    friend bool operator==(const Ipv6Prefix&, const Ipv6Prefix&) = default;
};

// "ADDRESS/LENGTH", LENGTH 0 to 128 in decimal. The bits past LENGTH are cleared: radiusclient
// keeps only the octets the server sent (RFC 3162 lets it send no more than LENGTH needs) and
// radattr.so prints whatever follows them in its buffer.
std::optional<Ipv6Prefix> parse_ipv6_prefix(std::string_view text);

// A prefix a subscriber may be routed: a /8 or longer (no default route, nothing that would
// take half the Internet), outside ::/8 (unspecified, loopback, IPv4-mapped), link-local
// fe80::/10 and multicast ff00::/8 (RFC 4291 §2.4).
bool routable_subscriber_prefix(const Ipv6Prefix& prefix);

// "2001:db8::/64", the address in RFC 5952's form.
std::string ipv6_prefix_text(const Ipv6Prefix& prefix);

}  // namespace l2tp::ppp
