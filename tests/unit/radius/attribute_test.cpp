// Typed attribute values (RFC 2865 §5, RFC 2868 §3, RFC 3162 §2.3): each kind built, sent
// through the packet codec and read back; the getters refuse values of the wrong size.
#include "radius/attribute.hpp"

#include <gtest/gtest.h>

#include "radius/attribute_values.hpp"
#include "radius/packet.hpp"
#include "support/test_hex.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::to_hex;

// `attribute` after encoding in a packet and decoding it again.
Attribute round_trip(const Attribute& attribute) {
    const Packet packet{PacketCode::kAccountingRequest, 1, {}, {attribute}};
    std::vector<std::uint8_t> out;
    EXPECT_EQ(encode_packet(packet, out), EncodeFault::kNone);
    Packet back;
    const DecodeError error = decode_packet(out, back);
    EXPECT_FALSE(error) << describe(error);
    EXPECT_EQ(back, packet);
    return back.attributes.at(0);
}

TEST(RadiusAttribute, IntegerAndDateRoundTrip) {
    const Attribute status = round_trip(
        make_integer(attr::kAcctStatusType, static_cast<std::uint32_t>(AcctStatusType::kStop)));
    EXPECT_EQ(to_hex(status.value), "00000002");
    EXPECT_EQ(as_integer(status), 2u);
    EXPECT_EQ(as_integer(round_trip(make_integer(attr::kEventTimestamp, 0xfedcba98))), 0xfedcba98u);
}

TEST(RadiusAttribute, TextAndOctetsRoundTrip) {
    EXPECT_EQ(as_text(round_trip(make_text(attr::kAcctSessionId, "l2tpd-0001"))), "l2tpd-0001");
    const std::vector<std::uint8_t> state{0x00, 0xff, 0x10};
    EXPECT_EQ(round_trip(make_octets(attr::kState, state)).value, state);
}

TEST(RadiusAttribute, AddressesRoundTrip) {
    const Ipv4Address v4{192, 0, 2, 1};
    EXPECT_EQ(as_ipv4_address(round_trip(make_ipv4_address(attr::kFramedIpAddress, v4))), v4);
    const Ipv6Address v6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_EQ(as_ipv6_address(round_trip(make_ipv6_address(attr::kNasIpv6Address, v6))), v6);
}

TEST(RadiusAttribute, Ipv6PrefixCarriesOnlyItsOctetsWithHostBitsCleared) {
    const Ipv6Prefix prefix{56, {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0xff, 0xff}};
    const Attribute attribute = round_trip(make_ipv6_prefix(attr::kDelegatedIpv6Prefix, prefix));
    EXPECT_EQ(to_hex(attribute.value), "003820010db8123456");
    const Ipv6Prefix expected{56, {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56}};
    EXPECT_EQ(as_ipv6_prefix(attribute), expected);

    const Ipv6Prefix host{128, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
    EXPECT_EQ(as_ipv6_prefix(round_trip(make_ipv6_prefix(attr::kFramedIpv6Prefix, host))), host);
    EXPECT_EQ(to_hex(round_trip(make_ipv6_prefix(attr::kFramedIpv6Prefix, {})).value), "0000");
}

TEST(RadiusAttribute, TaggedIntegerRoundTrips) {
    const Attribute type = round_trip(
        make_tagged_integer(attr::kTunnelType, 1, static_cast<std::uint32_t>(TunnelType::kL2tp)));
    EXPECT_EQ(to_hex(type.value), "01000003");
    EXPECT_EQ(as_tagged_integer(type), (Tagged<std::uint32_t>{1, 3}));
    EXPECT_EQ(tag_of(type), 1);
    // The value has 24 bits: the tag octet is never overwritten.
    const Attribute big = make_tagged_integer(attr::kTunnelPreference, 2, 0xffffffff);
    EXPECT_EQ(as_tagged_integer(big), (Tagged<std::uint32_t>{2, 0xffffff}));
}

TEST(RadiusAttribute, TaggedStringRoundTripsWithAndWithoutTag) {
    const Attribute endpoint =
        round_trip(make_tagged_string(attr::kTunnelClientEndpoint, 2, "192.0.2.1"));
    EXPECT_EQ(as_tagged_string(endpoint), (Tagged<std::string_view>{2, "192.0.2.1"}));
    EXPECT_EQ(tag_of(endpoint), 2);
    // Tag 0 is still written, so a string starting with a low octet is not read as a tag.
    const Attribute untagged = make_tagged_string(attr::kTunnelAssignmentId, 0, "\x05x");
    EXPECT_EQ(to_hex(untagged.value), "000578");
    EXPECT_EQ(as_tagged_string(untagged), (Tagged<std::string_view>{0, "\x05x"}));
    // RFC 2868 §3.3: a first octet above 0x1f is the string's own.
    const Attribute plain = make_text(attr::kTunnelServerEndpoint, "198.51.100.7");
    EXPECT_EQ(as_tagged_string(plain), (Tagged<std::string_view>{0, "198.51.100.7"}));
    EXPECT_EQ(tag_of(plain), std::nullopt);
}

TEST(RadiusAttribute, TagOfIsOnlyForTaggedKinds) {
    EXPECT_EQ(tag_of(make_octets(attr::kTunnelPassword, std::vector<std::uint8_t>{3, 0x81, 0})), 3);
    EXPECT_EQ(tag_of(make_integer(attr::kNasPort, 0x01000000)), std::nullopt);
    EXPECT_EQ(tag_of(make_octets(AttributeType{200}, std::vector<std::uint8_t>{1})), std::nullopt);
}

TEST(RadiusAttribute, GettersRefuseWrongSizes) {
    const std::vector<std::uint8_t> three{1, 2, 3};
    const std::vector<std::uint8_t> five{1, 2, 3, 4, 5};
    EXPECT_EQ(as_integer(make_octets(attr::kNasPort, three)), std::nullopt);
    EXPECT_EQ(as_integer(make_octets(attr::kNasPort, five)), std::nullopt);
    EXPECT_EQ(as_ipv4_address(make_octets(attr::kNasIpAddress, five)), std::nullopt);
    EXPECT_EQ(as_ipv6_address(make_octets(attr::kNasIpv6Address, five)), std::nullopt);
    EXPECT_EQ(as_tagged_integer(make_octets(attr::kTunnelType, three)), std::nullopt);
    EXPECT_EQ(as_ipv6_prefix(make_octets(attr::kFramedIpv6Prefix, std::vector<std::uint8_t>{0})),
              std::nullopt);
    EXPECT_EQ(
        as_ipv6_prefix(make_octets(attr::kFramedIpv6Prefix, std::vector<std::uint8_t>{0, 129})),
        std::nullopt);
    EXPECT_EQ(as_ipv6_prefix(make_octets(attr::kFramedIpv6Prefix,
                                         std::vector<std::uint8_t>{0, 17, 0x20, 0x01})),
              std::nullopt);
}

}  // namespace
}  // namespace l2tp::radius
