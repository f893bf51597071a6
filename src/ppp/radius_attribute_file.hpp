// What pppd's radattr.so writes once radius.so has authenticated a subscriber: every attribute
// of the Access-Accept, a "Name value" line each (radiusclient's rc_avpair_tostr: names from the
// dictionary l2tpd writes, strings with unprintable octets as \ooo), in
// /var/run/radattr.<interface>, removed when pppd exits. l2tpd takes the IPv6 prefixes from it,
// which radius.so ignores. The values came from a RADIUS server through pppd: the file is read
// bounded and parsed strictly, and nothing from it is logged unescaped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ppp/ipv6_prefix.hpp"

namespace l2tp::ppp {

// The prefixes of one Access-Accept, each the first of its attribute.
struct RadiusIpv6Prefixes {
    std::optional<Ipv6Prefix> framed;     // Framed-IPv6-Prefix (RFC 3162 §2.3)
    std::optional<Ipv6Prefix> delegated;  // Delegated-IPv6-Prefix (RFC 4818)
};

// The prefixes, or what is wrong with the text (then none is used): a line that is not
// "Name value" in printable ASCII, or a prefix attribute whose value is no prefix a subscriber
// may be routed (ipv6_prefix.hpp). The fault is printable.
struct RadiusAttributes {
    RadiusIpv6Prefixes prefixes;
    std::string fault;  // empty when the text was good
};

RadiusAttributes parse_radius_attributes(std::string_view text);

// "/var/run/radattr." + interface: radattr.so's name for it.
std::string radius_attribute_file_path(std::string_view interface);

// The file's text, at most kMaxRadiusAttributeFile octets; empty with `fault` set when it is
// missing, unreadable or longer.
inline constexpr std::size_t kMaxRadiusAttributeFile = 64 * 1024;
std::string read_radius_attribute_file(const std::string& path, std::string& fault);

}  // namespace l2tp::ppp
