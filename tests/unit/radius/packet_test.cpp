// The RADIUS packet codec (RFC 2865 §3, §5): the RFC's example packets, round trips, and every
// malformed datagram decode_packet refuses.
#include "radius/packet.hpp"

#include <gtest/gtest.h>

#include "radius/attribute.hpp"
#include "support/rfc2865_examples.hpp"
#include "support/test_hex.hpp"

namespace l2tp::radius {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::kRfc2865AccessAccept;
using l2tp::testing::kRfc2865AccessRequest;
using l2tp::testing::to_hex;

Packet decoded(std::string_view hex) {
    Packet packet;
    const DecodeError error = decode_packet(from_hex(hex), packet);
    EXPECT_FALSE(error) << describe(error);
    return packet;
}

DecodeError decode_error(std::string_view hex) {
    Packet packet;
    return decode_packet(from_hex(hex), packet);
}

std::string encoded(const Packet& packet) {
    std::vector<std::uint8_t> out;
    EXPECT_EQ(encode_packet(packet, out), EncodeFault::kNone);
    return to_hex(out);
}

// An Accounting-Response header (identifier 1, zero authenticator) around `attributes`.
std::string packet_hex(std::string_view attributes) {
    const std::size_t length = kHeaderSize + attributes.size() / 2;
    return "0501" +
           to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(length >> 8),
                                            static_cast<std::uint8_t>(length)}) +
           std::string(32, '0') + std::string(attributes);
}

TEST(RadiusPacket, DecodesRfc2865AccessRequest) {
    const Packet packet = decoded(kRfc2865AccessRequest);
    EXPECT_EQ(packet.code, PacketCode::kAccessRequest);
    EXPECT_EQ(packet.identifier, 0);
    EXPECT_EQ(to_hex(packet.authenticator), "0f403f9473978057bd83d5cb98f4227a");
    ASSERT_EQ(packet.attributes.size(), 4u);
    EXPECT_EQ(as_text(*packet.find(attr::kUserName)), "nemo");
    EXPECT_EQ(packet.find(attr::kUserPassword)->value.size(), 16u);
    EXPECT_EQ(as_ipv4_address(*packet.find(attr::kNasIpAddress)), (Ipv4Address{192, 168, 1, 16}));
    EXPECT_EQ(as_integer(*packet.find(attr::kNasPort)), 3u);
}

TEST(RadiusPacket, DecodesRfc2865AccessAcceptKeepingUnknownAttributes) {
    const Packet packet = decoded(kRfc2865AccessAccept);
    EXPECT_EQ(packet.code, PacketCode::kAccessAccept);
    ASSERT_EQ(packet.attributes.size(), 3u);
    EXPECT_EQ(as_integer(*packet.find(attr::kServiceType)), 1u);  // Login
    // Login-Service (15) and Login-IP-Host (14) are not in the catalog: kept as octets.
    EXPECT_EQ(static_cast<int>(packet.attributes[1].type), 15);
    EXPECT_EQ(to_hex(packet.attributes[2].value), "c0a80103");
    EXPECT_EQ(packet.find(attr::kFramedIpAddress), nullptr);
}

TEST(RadiusPacket, ReencodesTheExamplesOctetForOctet) {
    EXPECT_EQ(encoded(decoded(kRfc2865AccessRequest)), kRfc2865AccessRequest);
    EXPECT_EQ(encoded(decoded(kRfc2865AccessAccept)), kRfc2865AccessAccept);
}

TEST(RadiusPacket, IgnoresOctetsBeyondLength) {
    const std::string padded = std::string(kRfc2865AccessAccept) + "deadbeef";
    EXPECT_EQ(encoded(decoded(padded)), kRfc2865AccessAccept);
}

TEST(RadiusPacket, AcceptsAnUnknownAttributeWithAnEmptyValue) {
    const Packet packet = decoded(packet_hex("c802"));
    ASSERT_EQ(packet.attributes.size(), 1u);
    EXPECT_TRUE(packet.attributes[0].value.empty());
}

TEST(RadiusPacket, RefusesHeaderFaults) {
    EXPECT_EQ(decode_error("0501001400").fault, DecodeFault::kShorterThanHeader);
    std::string bad = packet_hex("");
    bad.replace(4, 4, "0013");  // Length 19
    EXPECT_EQ(decode_error(bad).fault, DecodeFault::kLengthOutOfRange);
    bad.replace(4, 4, "1001");  // Length 4097
    EXPECT_EQ(decode_error(bad).fault, DecodeFault::kLengthOutOfRange);
    bad.replace(4, 4, "0015");  // Length 21 in a 20-octet datagram
    EXPECT_EQ(decode_error(bad).fault, DecodeFault::kShorterThanLength);
}

TEST(RadiusPacket, RefusesAttributeFraming) {
    EXPECT_EQ(decode_error(packet_hex("2c")).fault, DecodeFault::kAttributeHeaderCut);
    EXPECT_EQ(decode_error(packet_hex("2c00")).fault, DecodeFault::kAttributeLengthBelowTwo);
    EXPECT_EQ(decode_error(packet_hex("2c01")).fault, DecodeFault::kAttributeLengthBelowTwo);
    EXPECT_EQ(decode_error(packet_hex("2c0561")).fault, DecodeFault::kAttributeOverrunsPacket);
}

TEST(RadiusPacket, RefusesValueSizesTheKindForbids) {
    for (const char* attributes : {
             "2805000001",                      // Acct-Status-Type, integer of 3 octets
             "28070000000001",                  // integer of 5
             "0407c0a8010110",                  // NAS-IP-Address of 5
             "3705000000",                      // Event-Timestamp, date of 3
             "5f0600000000",                    // NAS-IPv6-Address of 4
             "4005010000",                      // Tunnel-Type, tagged integer of 3
             "0102",                            // User-Name, empty text
             "1902",                            // Class, empty string
             "1a0600000009",                    // Vendor-Specific of 4 (Vendor-Id only)
             "500f00000000000000000000000000",  // Message-Authenticator of 13
             "02040000",                        // User-Password of 2
             "610300",                          // Framed-IPv6-Prefix of 1
         }) {
        SCOPED_TRACE(attributes);
        EXPECT_EQ(decode_error(packet_hex(attributes)).fault, DecodeFault::kBadValueLength);
    }
    const DecodeError error = decode_error(packet_hex("2c03612805000000"));
    EXPECT_EQ(error.fault, DecodeFault::kBadValueLength);
    EXPECT_EQ(error.attribute, attr::kAcctStatusType);
    EXPECT_EQ(error.offset, 23u);
    EXPECT_EQ(describe(error),
              "Acct-Status-Type at offset 23: value length outside its kind's bounds");
}

TEST(RadiusPacket, RefusesIpv6PrefixesTheirOctetsDoNotCarry) {
    EXPECT_EQ(decode_error(packet_hex("61040081")).fault, DecodeFault::kBadIpv6Prefix);  // /129
    EXPECT_EQ(decode_error(packet_hex("6108004020010db8")).fault,
              DecodeFault::kBadIpv6Prefix);  // /64 in 4 octets
    EXPECT_EQ(decode_error(packet_hex("6115003820010db800000000000000000000000000")).fault,
              DecodeFault::kBadValueLength);                           // 17 prefix octets
    EXPECT_FALSE(decode_error(packet_hex("7b0b003820010db8001234")));  // /56 in 7 octets
}

TEST(RadiusPacket, DescribesHeaderFaultsWithoutAnAttribute) {
    EXPECT_EQ(describe(decode_error("05")), "header: shorter than the 20-octet header");
}

TEST(RadiusPacket, EncodesUpTo4096OctetsAndNoMore) {
    Packet packet{PacketCode::kAccountingRequest, 9, {}, {}};
    for (int i = 0; i < 15; ++i) {
        packet.attributes.push_back(
            make_octets(attr::kClass, std::vector<std::uint8_t>(253, 0xaa)));
    }
    packet.attributes.push_back(make_octets(attr::kClass, std::vector<std::uint8_t>(249, 0xbb)));
    std::vector<std::uint8_t> out;
    ASSERT_EQ(encode_packet(packet, out), EncodeFault::kNone);
    EXPECT_EQ(out.size(), kMaxPacketLength);
    EXPECT_EQ(to_hex(std::vector<std::uint8_t>(out.begin() + 2, out.begin() + 4)), "1000");
    Packet back;
    ASSERT_FALSE(decode_packet(out, back));
    EXPECT_EQ(back, packet);

    packet.attributes.back().value.push_back(0xbb);
    EXPECT_EQ(encode_packet(packet, out), EncodeFault::kPacketTooLong);
}

TEST(RadiusPacket, RefusesAnAttributeAbove253Octets) {
    Packet packet{PacketCode::kAccountingRequest, 9, {}, {}};
    packet.attributes.push_back(make_octets(attr::kClass, std::vector<std::uint8_t>(253, 1)));
    std::vector<std::uint8_t> out;
    EXPECT_EQ(encode_packet(packet, out), EncodeFault::kNone);
    packet.attributes.back().value.push_back(1);
    EXPECT_EQ(encode_packet(packet, out), EncodeFault::kAttributeTooLong);
    EXPECT_EQ(encode_fault_name(EncodeFault::kAttributeTooLong),
              "attribute value above 253 octets");
}

}  // namespace
}  // namespace l2tp::radius
