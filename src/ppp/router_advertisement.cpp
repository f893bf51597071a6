#include "ppp/router_advertisement.hpp"

namespace l2tp::ppp {

namespace {

constexpr std::uint8_t kRouterSolicitation = 133;   // RFC 4861 §4.1
constexpr std::uint8_t kRouterAdvertisement = 134;  // RFC 4861 §4.2
constexpr std::uint8_t kPrefixInformation = 3;      // RFC 4861 §4.6.2
constexpr std::uint8_t kSourceLinkLayerAddress = 1;
constexpr std::uint8_t kOnLink = 0x80;      // L
constexpr std::uint8_t kAutonomous = 0x40;  // A
constexpr std::uint8_t kCurHopLimit = 64;
constexpr std::uint16_t kRouterLifetime = 3 * kRouterAdvertisementInterval.count();
constexpr std::uint32_t kValidLifetime = 30 * 24 * 3600;
constexpr std::uint32_t kPreferredLifetime = 7 * 24 * 3600;

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v >> 16));
    put16(out, static_cast<std::uint16_t>(v));
}

}  // namespace

std::vector<std::uint8_t> router_advertisement(const Ipv6Prefix& prefix) {
    std::vector<std::uint8_t> out = {kRouterAdvertisement, 0, 0, 0, kCurHopLimit, 0};
    put16(out, kRouterLifetime);
    put32(out, 0);  // Reachable Time
    put32(out, 0);  // Retrans Timer
    out.insert(out.end(), {kPrefixInformation, 4, prefix.length, kOnLink | kAutonomous});
    put32(out, kValidLifetime);
    put32(out, kPreferredLifetime);
    put32(out, 0);  // Reserved2
    out.insert(out.end(), prefix.address.begin(), prefix.address.end());
    return out;
}

bool valid_router_solicitation(std::span<const std::uint8_t> icmp, int hop_limit,
                               bool unspecified_source) {
    if (hop_limit != 255 || icmp.size() < 8 || icmp[0] != kRouterSolicitation || icmp[1] != 0) {
        return false;
    }
    // Options in units of 8 octets (RFC 4861 §4.6), after the 4 reserved octets.
    std::span<const std::uint8_t> options = icmp.subspan(8);
    while (!options.empty()) {
        const std::size_t length = options.size() >= 2 ? options[1] * std::size_t{8} : 0;
        if (length == 0 || length > options.size() ||
            (unspecified_source && options[0] == kSourceLinkLayerAddress)) {
            return false;
        }
        options = options.subspan(length);
    }
    return true;
}

}  // namespace l2tp::ppp
