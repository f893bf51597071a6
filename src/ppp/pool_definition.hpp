// An IPv4 address pool as the configuration defines it (docs/ppp.md "Address pools"): the
// ranges the clients' addresses are taken from and our end's address of every link.
// Addresses are host-order numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace l2tp::ppp {

struct Ipv4Range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;  // inclusive

    [[nodiscard]] std::uint64_t size() const { return std::uint64_t{last} - first + 1; }
    [[nodiscard]] bool contains(std::uint32_t a) const { return first <= a && a <= last; }
    friend bool operator==(const Ipv4Range&, const Ipv4Range&) = default;
};

struct PoolDefinition {
    std::vector<Ipv4Range> ranges;  // sorted, none overlapping
    std::uint32_t local = 0;        // our end of every link (pppd's local address)

    friend bool operator==(const PoolDefinition&, const PoolDefinition&) = default;
};

// "192.0.2.1".
std::string ipv4_text(std::uint32_t address);

}  // namespace l2tp::ppp
