// The configured address pools by name, and the leases PPP sessions hold from them: a lease is
// taken when a session's pppd is started and given back once that pppd has been reaped (not
// when the session ends: a pppd still running holds the address on its interface).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ppp/address_pool.hpp"
#include "ppp/pool_definition.hpp"

namespace l2tp::ppp {

// One session's addresses: pppd's "local:remote" (pppd(8)).
struct AddressLease {
    std::string pool;
    std::uint32_t local = 0;
    std::uint32_t remote = 0;
};

using PoolDefinitions = std::map<std::string, PoolDefinition, std::less<>>;

class AddressPools {
  public:
    // The pools of a (re)loaded configuration. A pool the configuration no longer has keeps
    // the addresses still held, with no range, until the last is given back.
    void configure(const PoolDefinitions& definitions);
    // An address of `pool`; none when it is exhausted (or unknown).
    std::optional<AddressLease> take(const std::string& pool);
    void give_back(const AddressLease& lease);

    [[nodiscard]] const std::map<std::string, AddressPool, std::less<>>& pools() const {
        return pools_;
    }

  private:
    std::map<std::string, AddressPool, std::less<>> pools_;
};

}  // namespace l2tp::ppp
