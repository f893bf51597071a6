#include "l2tp/model/pseudowire_type.hpp"

#include <algorithm>
#include <array>

namespace l2tp::model {

namespace {

constexpr std::array kCatalog = {
    PseudowireTypeSpec{kPwEthernet, "ethernet", "Ethernet port"},
    PseudowireTypeSpec{kPwEthernetVlan, "ethernet-vlan", "Ethernet VLAN"},
    PseudowireTypeSpec{kPwPpp, "ppp", "PPP"},
};

// No value and no name twice, so that each lookup finds the one row.
constexpr bool unique() {
    for (auto a = kCatalog.begin(); a != kCatalog.end(); ++a) {
        for (auto b = a + 1; b != kCatalog.end(); ++b) {
            if (a->value == b->value || a->name == b->name) {
                return false;
            }
        }
    }
    return true;
}

static_assert(unique(), "Pseudowire Type catalog with a value or a name twice");

}  // namespace

std::span<const PseudowireTypeSpec> all_pseudowire_types() {
    return kCatalog;
}

std::vector<std::string> pseudowire_type_names() {
    std::vector<std::string> names;
    for (const PseudowireTypeSpec& type : kCatalog) {
        names.emplace_back(type.name);
    }
    return names;
}

std::optional<std::uint16_t> pseudowire_type_by_name(std::string_view name) {
    const auto* row = std::find_if(kCatalog.begin(), kCatalog.end(),
                                   [name](const PseudowireTypeSpec& s) { return s.name == name; });
    return row != kCatalog.end() ? std::optional(row->value) : std::nullopt;
}

std::string_view pseudowire_type_name(std::uint16_t value) {
    const auto* row =
        std::find_if(kCatalog.begin(), kCatalog.end(),
                     [value](const PseudowireTypeSpec& s) { return s.value == value; });
    return row != kCatalog.end() ? row->name : "other";
}

}  // namespace l2tp::model
