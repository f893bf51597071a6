// The RADIUS attribute catalog: one row per type, every named key in it, value bounds as the
// kinds fix them, and the numbers of the RFCs' enumerated values.
#include "radius/attribute_catalog.hpp"

#include <gtest/gtest.h>

#include <set>

#include "radius/attribute_values.hpp"
#include "radius/packet_code.hpp"

namespace l2tp::radius {
namespace {

TEST(RadiusAttributeCatalog, HasOneRowPerTypeAndANamePerRow) {
    std::set<std::string_view> names;
    for (const AttributeSpec& spec : all_attribute_specs()) {
        EXPECT_EQ(find_attribute_spec(spec.type), &spec);
        EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
        EXPECT_LE(spec.min_value_length, spec.max_value_length) << spec.name;
        EXPECT_LE(spec.max_value_length, kMaxValueLength) << spec.name;
        EXPECT_FALSE(spec.rfc_section.empty()) << spec.name;
    }
}

TEST(RadiusAttributeCatalog, NamesEachKeyAsItsRfcDoes) {
    EXPECT_EQ(find_attribute_spec(attr::kUserName)->name, "User-Name");
    EXPECT_EQ(find_attribute_spec(attr::kNasPortType)->name, "NAS-Port-Type");
    EXPECT_EQ(find_attribute_spec(attr::kAcctTunnelConnection)->name, "Acct-Tunnel-Connection");
    EXPECT_EQ(find_attribute_spec(attr::kErrorCause)->name, "Error-Cause");
    EXPECT_EQ(find_attribute_spec(attr::kDelegatedIpv6Prefix)->name, "Delegated-IPv6-Prefix");
    EXPECT_EQ(find_attribute_spec(AttributeType{3}), nullptr);  // CHAP-Password: not ours
    EXPECT_EQ(attribute_name(attr::kAcctSessionId), "Acct-Session-Id");
    EXPECT_EQ(attribute_name(AttributeType{200}), "Attribute-200");
}

TEST(RadiusAttributeCatalog, KindsFixTheirValueLengths) {
    const auto bounds = [](AttributeType type) {
        const AttributeSpec* spec = find_attribute_spec(type);
        return std::pair{int{spec->min_value_length}, int{spec->max_value_length}};
    };
    EXPECT_EQ(bounds(attr::kAcctInputGigawords), std::pair(4, 4));
    EXPECT_EQ(bounds(attr::kNasIpAddress), std::pair(4, 4));
    EXPECT_EQ(bounds(attr::kNasIpv6Address), std::pair(16, 16));
    EXPECT_EQ(bounds(attr::kEventTimestamp), std::pair(4, 4));
    EXPECT_EQ(bounds(attr::kTunnelMediumType), std::pair(4, 4));
    EXPECT_EQ(bounds(attr::kFramedIpv6Prefix), std::pair(2, 18));
    EXPECT_EQ(bounds(attr::kMessageAuthenticator), std::pair(16, 16));
    EXPECT_EQ(bounds(attr::kUserPassword), std::pair(16, 128));
    EXPECT_EQ(bounds(attr::kVendorSpecific), std::pair(5, 253));
    EXPECT_EQ(bounds(attr::kCallingStationId), std::pair(1, 253));
    EXPECT_EQ(find_attribute_spec(attr::kTunnelPrivateGroupId)->kind, AttributeKind::kTaggedString);
    EXPECT_EQ(find_attribute_spec(attr::kTunnelPassword)->kind, AttributeKind::kTunnelPassword);
}

TEST(RadiusAttributeCatalog, ValuesAreTheRfcNumbers) {
    EXPECT_EQ(static_cast<std::uint32_t>(AcctStatusType::kInterimUpdate), 3u);
    EXPECT_EQ(static_cast<std::uint32_t>(AcctStatusType::kAccountingOff), 8u);
    EXPECT_EQ(static_cast<std::uint32_t>(AcctTerminateCause::kHostRequest), 18u);
    EXPECT_EQ(static_cast<std::uint32_t>(NasPortType::kVirtual), 5u);
    EXPECT_EQ(static_cast<std::uint32_t>(TunnelType::kL2tp), 3u);
    EXPECT_EQ(static_cast<std::uint32_t>(TunnelMediumType::kIpv6), 2u);
    EXPECT_EQ(static_cast<std::uint32_t>(ErrorCause::kSessionContextNotFound), 503u);
    EXPECT_EQ(static_cast<std::uint32_t>(ErrorCause::kResourcesUnavailable), 506u);
}

TEST(RadiusPacketCode, NamesEachCode) {
    EXPECT_EQ(packet_code_name(PacketCode::kAccountingRequest), "Accounting-Request");
    EXPECT_EQ(packet_code_name(PacketCode::kDisconnectNak), "Disconnect-NAK");
    EXPECT_EQ(packet_code_name(PacketCode::kCoaAck), "CoA-ACK");
    EXPECT_EQ(packet_code_name(PacketCode{99}), "unknown");
}

}  // namespace
}  // namespace l2tp::radius
