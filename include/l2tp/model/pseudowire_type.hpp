// The one Pseudowire Type catalog: a row per type this implementation carries, with the name
// the configuration, l2tpctl and the management answers use for it. Values are those of the
// IANA registry RFC 3931 §10.6 shares with PWE3 (RFC 4446 §3.2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l2tp::model {

inline constexpr std::uint16_t kPwEthernetVlan = 4;  // RFC 4719: Ethernet VLAN (tagged mode)
inline constexpr std::uint16_t kPwEthernet = 5;      // RFC 4719: Ethernet port
inline constexpr std::uint16_t kPwPpp = 7;           // PPP

struct PseudowireTypeSpec {
    std::uint16_t value;
    std::string_view name;  // "ethernet", "ethernet-vlan", "ppp"
    std::string_view description;
};

// Every row, in the order a list of them is shown.
std::span<const PseudowireTypeSpec> all_pseudowire_types();
// Every row's name, in the catalog's order: the choices l2tpctl and `session add` offer.
std::vector<std::string> pseudowire_type_names();
// The type of that name; nothing for a name not in the catalog.
std::optional<std::uint16_t> pseudowire_type_by_name(std::string_view name);
// The name of that type, or "other" for a value not in the catalog (a peer may announce one).
std::string_view pseudowire_type_name(std::uint16_t value);

}  // namespace l2tp::model
