#include "ppp/address_pools.hpp"

namespace l2tp::ppp {

void AddressPools::configure(const PoolDefinitions& definitions) {
    for (auto it = pools_.begin(); it != pools_.end();) {
        if (definitions.contains(it->first)) {
            ++it;
        } else if (it->second.in_use() == 0) {
            it = pools_.erase(it);
        } else {
            it->second.redefine({});
            ++it;
        }
    }
    for (const auto& [name, definition] : definitions) {
        if (const auto found = pools_.find(name); found != pools_.end()) {
            found->second.redefine(definition);
        } else {
            pools_.emplace(name, AddressPool(definition));
        }
    }
}

std::optional<AddressLease> AddressPools::take(const std::string& pool) {
    const auto found = pools_.find(pool);
    if (found == pools_.end()) {
        return std::nullopt;
    }
    const auto address = found->second.take();
    if (!address) {
        return std::nullopt;
    }
    return AddressLease{pool, found->second.definition().local, *address};
}

void AddressPools::give_back(const AddressLease& lease) {
    const auto found = pools_.find(lease.pool);
    if (found == pools_.end()) {
        return;
    }
    found->second.give_back(lease.remote);
    // A pool the configuration dropped goes with its last address.
    if (found->second.definition().ranges.empty() && found->second.in_use() == 0) {
        pools_.erase(found);
    }
}

}  // namespace l2tp::ppp
