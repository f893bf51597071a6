#include "ppp/address_pool.hpp"

#include <algorithm>
#include <vector>

namespace l2tp::ppp {

AddressPool::AddressPool(PoolDefinition definition) {
    redefine(std::move(definition));
}

std::optional<std::uint32_t> AddressPool::take() {
    std::uint32_t address = 0;
    if (!unused_.empty()) {
        Ipv4Range& front = unused_.front();
        address = front.first;
        if (front.first == front.last) {
            unused_.pop_front();
        } else {
            ++front.first;
        }
        --unused_count_;
    } else if (!returned_.empty()) {
        address = returned_.front();
        returned_.pop_front();
    } else {
        ++exhausted_;
        return std::nullopt;
    }
    held_.insert(address);
    return address;
}

void AddressPool::give_back(std::uint32_t address) {
    if (held_.erase(address) != 0 && in_ranges(address)) {
        returned_.push_back(address);
    }
}

bool AddressPool::in_ranges(std::uint32_t address) const {
    const auto& r = definition_.ranges;
    // The first range that ends at or after the address (they are sorted and disjoint).
    const auto it =
        std::lower_bound(r.begin(), r.end(), address,
                         [](const Ipv4Range& range, std::uint32_t a) { return range.last < a; });
    return it != r.end() && it->contains(address);
}

void AddressPool::redefine(PoolDefinition definition) {
    definition_ = std::move(definition);
    size_ = 0;
    for (const Ipv4Range& range : definition_.ranges) {
        size_ += range.size();
    }
    std::erase_if(returned_, [this](std::uint32_t a) { return !in_ranges(a); });
    // Unused: the ranges without the addresses held or returned.
    std::vector<std::uint32_t> used(returned_.begin(), returned_.end());
    for (const std::uint32_t a : held_) {
        if (in_ranges(a)) {
            used.push_back(a);
        }
    }
    std::sort(used.begin(), used.end());
    unused_.clear();
    unused_count_ = 0;
    auto next_used = used.begin();
    for (const Ipv4Range& range : definition_.ranges) {
        std::uint64_t from = range.first;
        for (; next_used != used.end() && *next_used <= range.last; ++next_used) {
            if (from < *next_used) {
                unused_.push_back({static_cast<std::uint32_t>(from), *next_used - 1});
            }
            from = std::uint64_t{*next_used} + 1;
        }
        if (from <= range.last) {
            unused_.push_back({static_cast<std::uint32_t>(from), range.last});
        }
    }
    for (const Ipv4Range& range : unused_) {
        unused_count_ += range.size();
    }
}

}  // namespace l2tp::ppp
