#include "ppp/ipv6_prefix.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace l2tp::ppp {

std::optional<Ipv6Prefix> parse_ipv6_prefix(std::string_view text) {
    const std::size_t slash = text.find('/');
    // INET6_ADDRSTRLEN bounds the address; the length is 1 to 3 digits.
    if (slash == std::string_view::npos || slash == 0 || slash >= INET6_ADDRSTRLEN ||
        text.size() - slash - 1 == 0 || text.size() - slash - 1 > 3) {
        return std::nullopt;
    }
    const std::string_view digits = text.substr(slash + 1);
    unsigned length = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (error != std::errc{} || end != digits.data() + digits.size() || length > 128) {
        return std::nullopt;
    }
    Ipv6Prefix prefix;
    const std::string address(text.substr(0, slash));
    if (inet_pton(AF_INET6, address.c_str(), prefix.address.data()) != 1) {
        return std::nullopt;
    }
    prefix.length = static_cast<std::uint8_t>(length);
    for (unsigned bit = length; bit < 128; ++bit) {
        prefix.address[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return prefix;
}

bool routable_subscriber_prefix(const Ipv6Prefix& prefix) {
    const std::uint8_t first = prefix.address[0];
    const bool link_local = first == 0xfe && (prefix.address[1] & 0xc0) == 0x80;
    return prefix.length >= 8 && first != 0x00 && first != 0xff && !link_local;
}

std::string ipv6_prefix_text(const Ipv6Prefix& prefix) {
    char address[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, prefix.address.data(), address, sizeof address);
    return std::string(address) + "/" + std::to_string(prefix.length);
}

}  // namespace l2tp::ppp
