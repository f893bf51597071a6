// The Neighbor Discovery messages of a router on a subscriber's PPP link (RFC 4861): the
// Router Advertisement l2tpd sends, carrying the subscriber's prefix for stateless address
// autoconfiguration (RFC 4862), and the check of a Router Solicitation it answers. The ICMPv6
// body only: the kernel adds the IPv6 header and the checksum (a raw ICMPv6 socket's).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "ppp/ipv6_prefix.hpp"

namespace l2tp::ppp {

// RFC 4861 §6.2.1's default MaxRtrAdvInterval; one router on a point-to-point link has no
// other to fall out of step with, so the unsolicited ones come at this fixed period.
inline constexpr std::chrono::seconds kRouterAdvertisementInterval{600};
// RFC 4861 §6.2.4: the first MAX_INITIAL_RTR_ADVERTISEMENTS (3) come sooner, at most
// MAX_INITIAL_RTR_ADVERT_INTERVAL (16 s) apart.
inline constexpr unsigned kInitialRouterAdvertisements = 3;
inline constexpr std::chrono::seconds kInitialRouterAdvertisementInterval{4};
// RFC 4861 §10 MIN_DELAY_BETWEEN_RAS: answers to solicitations come no closer together.
inline constexpr std::chrono::seconds kMinDelayBetweenAdvertisements{3};

// RFC 4861 §4.2: Cur Hop Limit 64, no M or O flag (no DHCPv6), Router Lifetime 1800 s (§6.2.1
// AdvDefaultLifetime, 3 × MaxRtrAdvInterval: the subscriber routes everything to us), Reachable
// Time and Retrans Timer unspecified; one Prefix Information option (§4.6.2) for `prefix`,
// on-link and autonomous, valid 30 days and preferred 7 (§6.2.1 AdvValidLifetime,
// AdvPreferredLifetime). The subscriber forms an address from it when it is a /64
// (RFC 4862 §5.5.3: prefix and 64-bit interface identifier make 128 bits).
std::vector<std::uint8_t> router_advertisement(const Ipv6Prefix& prefix);

// RFC 4861 §6.1.1: a Router Solicitation a router must take: Hop Limit 255 (it came from the
// link itself), code 0, 8 octets or more, every option of a non-zero length within the
// message, and no Source Link-Layer Address option when the source is the unspecified address.
bool valid_router_solicitation(std::span<const std::uint8_t> icmp, int hop_limit,
                               bool unspecified_source);

}  // namespace l2tp::ppp
