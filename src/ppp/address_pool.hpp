// The addresses of one pool: which are free, the order they are handed out in, which are held.
// A free address is handed out least recently returned first (never used ones before any),
// so that an address a client just gave up is not at once another client's: routes, ARP
// entries and the old client's packets in flight still point at it. Each take and give-back
// is O(1) (amortised); what is kept grows with the addresses ever handed out, not with the
// ranges: an unused /16 is a few words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_set>

#include "ppp/pool_definition.hpp"

namespace l2tp::ppp {

class AddressPool {
  public:
    explicit AddressPool(PoolDefinition definition);

    // A free address; none when every address is held (counted as an exhaustion).
    std::optional<std::uint32_t> take();
    // An address take() gave: free again, unless a reload took it out of the ranges.
    void give_back(std::uint32_t address);
    // A reload: addresses held stay held, even outside the new ranges, until they are given
    // back; free ones the new ranges keep keep their place in the order.
    void redefine(PoolDefinition definition);

    [[nodiscard]] const PoolDefinition& definition() const { return definition_; }
    [[nodiscard]] std::uint64_t size() const { return size_; }  // addresses in the ranges
    [[nodiscard]] std::size_t in_use() const { return held_.size(); }
    [[nodiscard]] std::uint64_t free() const { return unused_count_ + returned_.size(); }
    [[nodiscard]] std::uint64_t exhausted() const { return exhausted_; }

  private:
    [[nodiscard]] bool in_ranges(std::uint32_t address) const;

    PoolDefinition definition_;
    std::uint64_t size_ = 0;
    std::deque<Ipv4Range> unused_;  // free and never handed out since (re)defined, ascending
    std::uint64_t unused_count_ = 0;
    std::deque<std::uint32_t> returned_;  // free, least recently returned first
    std::unordered_set<std::uint32_t> held_;
    std::uint64_t exhausted_ = 0;
};

}  // namespace l2tp::ppp
