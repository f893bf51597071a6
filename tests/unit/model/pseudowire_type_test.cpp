// The Pseudowire Type catalog: the registry's values under the names the configuration uses,
// each name and value found again, and anything else "other".
#include "l2tp/model/pseudowire_type.hpp"

#include <gtest/gtest.h>

namespace l2tp::model {
namespace {

TEST(PseudowireType, EveryRowRoundTripsByNameAndByValue) {
    ASSERT_FALSE(all_pseudowire_types().empty());
    for (const PseudowireTypeSpec& type : all_pseudowire_types()) {
        EXPECT_EQ(pseudowire_type_by_name(type.name), type.value) << type.name;
        EXPECT_EQ(pseudowire_type_name(type.value), type.name) << type.value;
        EXPECT_FALSE(type.description.empty()) << type.name;
    }
}

TEST(PseudowireType, RegistryValuesHaveTheirConfigurationNames) {
    // RFC 4446 §3.2: 4 Ethernet Tagged Mode, 5 Ethernet, 7 PPP.
    EXPECT_EQ(pseudowire_type_name(4), "ethernet-vlan");
    EXPECT_EQ(pseudowire_type_name(5), "ethernet");
    EXPECT_EQ(pseudowire_type_name(7), "ppp");
    EXPECT_EQ(kPwEthernetVlan, 4);
    EXPECT_EQ(kPwEthernet, 5);
    EXPECT_EQ(kPwPpp, 7);
}

TEST(PseudowireType, UnknownValuesAreOtherAndUnknownNamesNothing) {
    EXPECT_EQ(pseudowire_type_name(6), "other");
    EXPECT_EQ(pseudowire_type_name(0xffff), "other");
    EXPECT_EQ(pseudowire_type_by_name("other"), std::nullopt);
    EXPECT_EQ(pseudowire_type_by_name("ppv"), std::nullopt);
    EXPECT_EQ(pseudowire_type_by_name(""), std::nullopt);
}

}  // namespace
}  // namespace l2tp::model
