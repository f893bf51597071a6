// Header layouts byte by byte from RFC 2661 §3.1 and RFC 3931 §3.2.1, §4.1, §4.6.
#include "l2tp/wire/header.hpp"

#include <gtest/gtest.h>

#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_hex;

TEST(ControlHeader, V2LayoutMatchesRfc2661Figure31) {
    // T L x x S x O P = 1 1 0 0 1 0 0 0, Ver 2; Length 12; Tunnel 0x1234; Session 0x5678;
    // Ns 1; Nr 2.
    ControlHeader h{ProtocolVersion::kV2, 0x1234, 0x5678, 1, 2, 0};
    const auto zlb = encode_zlb(h);
    EXPECT_EQ(to_hex(zlb), "c802000c1234567800010002");
    ControlHeader back;
    Bytes message;
    ASSERT_EQ(decode_control_header(zlb, Encapsulation::kUdp, back, message), WireError::kNone);
    h.length = 12;
    EXPECT_EQ(back, h);
    EXPECT_EQ(message.size(), 12u);
}

TEST(ControlHeader, V3LayoutOverUdpAndIp) {
    const ControlHeader h{ProtocolVersion::kV3, 0xa1b2c3d4, 0, 7, 9, 0};
    const auto zlb = encode_zlb(h);
    EXPECT_EQ(to_hex(zlb), "c803000ca1b2c3d400070009");
    // Over IP the same header follows 32 zero bits (RFC 3931 §4.1.1.2); Length excludes them.
    auto over_ip = from_hex("00000000");
    over_ip.insert(over_ip.end(), zlb.begin(), zlb.end());
    ControlHeader back;
    Bytes message;
    ASSERT_EQ(decode_control_header(over_ip, Encapsulation::kIp, back, message), WireError::kNone);
    EXPECT_EQ(back.connection_id, 0xa1b2c3d4u);
    EXPECT_EQ(back.ns, 7);
    EXPECT_EQ(back.nr, 9);
    EXPECT_EQ(message.data(), over_ip.data() + 4);
    EXPECT_EQ(classify_packet(over_ip, Encapsulation::kIp).kind, PacketKind::kControl);
}

TEST(ControlHeader, LengthBoundsTheMessageAndTrailingOctetsAreNotPartOfIt) {
    auto packet = from_hex("c802000c123456780001000299");
    ControlHeader h;
    Bytes message;
    ASSERT_EQ(decode_control_header(packet, Encapsulation::kUdp, h, message), WireError::kNone);
    EXPECT_EQ(message.size(), 12u);
}

TEST(ControlHeader, RejectsWhatTheRfcSaysToDiscard) {
    struct Case {
        const char* hex;
        Encapsulation encapsulation;
        WireError expected;
    };
    const Case cases[] = {
        {"c801000c123456780001000", Encapsulation::kUdp, WireError::kTruncated},
        {"c801000c1234567800010002", Encapsulation::kUdp, WireError::kUnsupportedVersion},  // L2F
        {"c804000c1234567800010002", Encapsulation::kUdp, WireError::kUnsupportedVersion},
        {"8802000c1234567800010002", Encapsulation::kUdp, WireError::kBadControlBits},  // no L
        {"c002000c1234567800010002", Encapsulation::kUdp, WireError::kBadControlBits},  // no S
        {"ca02000c1234567800010002", Encapsulation::kUdp, WireError::kBadControlBits},  // O
        {"c902000c1234567800010002", Encapsulation::kUdp, WireError::kBadControlBits},  // P
        {"c802000b1234567800010002", Encapsulation::kUdp, WireError::kBadLength},
        {"c802000d1234567800010002", Encapsulation::kUdp, WireError::kTruncated},
        {"4802000c1234567800010002", Encapsulation::kUdp, WireError::kNotControl},
        {"00000001c803000c1234567800010002", Encapsulation::kIp, WireError::kNotControl},
        {"00000000c802000c1234567800010002", Encapsulation::kIp,
         WireError::kUnsupportedVersion},  // no L2TPv2 over IP
    };
    for (const Case& c : cases) {
        ControlHeader h;
        Bytes message;
        EXPECT_EQ(decode_control_header(from_hex(c.hex), c.encapsulation, h, message), c.expected)
            << c.hex;
    }
}

TEST(ControlHeader, ReservedBitsAreIgnoredOnReceipt) {
    // x bits set (0x3000 and 0x00f0): RFC 2661 §3.1 "ignored on incoming messages".
    ControlHeader h;
    Bytes message;
    EXPECT_EQ(decode_control_header(from_hex("f8f2000c1234567800010002"), Encapsulation::kUdp, h,
                                    message),
              WireError::kNone);
}

TEST(ControlHeader, EveryTruncationIsRejected) {
    const auto full = from_hex("c802000c1234567800010002");
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        const std::vector<std::uint8_t> part(full.begin(), full.begin() + static_cast<long>(cut));
        ControlHeader h;
        Bytes message;
        EXPECT_EQ(decode_control_header(part, Encapsulation::kUdp, h, message),
                  WireError::kTruncated)
            << cut;
    }
}

TEST(PacketClass, VersionDecidesBeforeTheBits) {
    EXPECT_EQ(classify_packet(from_hex("c802"), Encapsulation::kUdp).kind, PacketKind::kControl);
    EXPECT_EQ(classify_packet(from_hex("0002"), Encapsulation::kUdp).kind, PacketKind::kV2Data);
    EXPECT_EQ(classify_packet(from_hex("0003"), Encapsulation::kUdp).kind, PacketKind::kV3Data);
    EXPECT_EQ(classify_packet(from_hex("c803"), Encapsulation::kUdp).version, ProtocolVersion::kV3);
    EXPECT_EQ(classify_packet(from_hex("0001"), Encapsulation::kUdp).error,
              WireError::kUnsupportedVersion);
    EXPECT_EQ(classify_packet(from_hex("00"), Encapsulation::kUdp).error, WireError::kTruncated);
    EXPECT_EQ(classify_packet(from_hex("000000"), Encapsulation::kIp).error, WireError::kTruncated);
    EXPECT_EQ(classify_packet(from_hex("00000042"), Encapsulation::kIp).kind, PacketKind::kV3Data);
}

TEST(V2DataHeader, AllOptionalFieldsRoundTrip) {
    V2DataHeader h;
    h.tunnel_id = 0x1111;
    h.session_id = 0x2222;
    h.has_length = true;
    h.length = 18;
    h.has_sequence = true;
    h.ns = 3;
    h.nr = 4;
    h.has_offset = true;
    h.offset_size = 2;
    h.priority = true;
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    encode_v2_data_header(w, h);
    out.insert(out.end(), {0xff, 0x03});  // PPP address/control
    // T=0 L=1 S=1 O=1 P=1, Ver 2
    EXPECT_EQ(to_hex(out), "4b020012111122220003000400020000ff03");
    V2DataHeader back;
    Bytes payload;
    ASSERT_EQ(decode_v2_data_header(out, back, payload), WireError::kNone);
    EXPECT_EQ(back, h);
    EXPECT_EQ(to_hex(payload), "ff03");
}

TEST(V2DataHeader, MinimalHeaderAndBadInputs) {
    V2DataHeader h;
    Bytes payload;
    ASSERT_EQ(decode_v2_data_header(from_hex("000211112222ff03"), h, payload), WireError::kNone);
    EXPECT_EQ(h.tunnel_id, 0x1111);
    EXPECT_EQ(payload.size(), 2u);
    EXPECT_EQ(decode_v2_data_header(from_hex("0002111122"), h, payload), WireError::kTruncated);
    EXPECT_EQ(decode_v2_data_header(from_hex("02021111222200ff"), h, payload),
              WireError::kTruncated);  // offset past the end
    EXPECT_EQ(decode_v2_data_header(from_hex("400200041111222200"), h, payload),
              WireError::kBadLength);
    EXPECT_EQ(decode_v2_data_header(from_hex("c8021111222200"), h, payload),
              WireError::kBadControlBits);
}

TEST(V3DataHeader, UdpWithCookieAndDefaultSublayer) {
    V3DataHeader h;
    h.session_id = 0xdeadbeef;
    h.cookie_length = 8;
    h.cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    h.sublayer = L2SpecificSublayer::kDefault;
    h.sequenced = true;
    h.sequence = 0x123456;
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    encode_v3_data_header(w, Encapsulation::kUdp, h);
    // RFC 3931 §4.1.2.1 then §4.6: |x|S|x|x|x|x|x|x| sequence (24) |
    EXPECT_EQ(to_hex(out), "00030000deadbeef010203040506070840123456");
    std::uint32_t session = 0;
    ASSERT_EQ(peek_v3_session_id(out, Encapsulation::kUdp, session), WireError::kNone);
    EXPECT_EQ(session, 0xdeadbeefu);
    V3DataHeader back;
    Bytes payload;
    ASSERT_EQ(decode_v3_data_header(out, Encapsulation::kUdp, 8, L2SpecificSublayer::kDefault, back,
                                    payload),
              WireError::kNone);
    EXPECT_EQ(back, h);
    EXPECT_TRUE(payload.empty());
}

TEST(V3DataHeader, IpWithFourOctetCookieNoSublayer) {
    const auto packet = from_hex(
        "00000042aabbccdd"
        "0102");
    V3DataHeader h;
    Bytes payload;
    ASSERT_EQ(
        decode_v3_data_header(packet, Encapsulation::kIp, 4, L2SpecificSublayer::kNone, h, payload),
        WireError::kNone);
    EXPECT_EQ(h.session_id, 0x42u);
    EXPECT_EQ(h.cookie[3], 0xdd);
    EXPECT_EQ(to_hex(payload), "0102");
    EXPECT_EQ(
        decode_v3_data_header(packet, Encapsulation::kIp, 3, L2SpecificSublayer::kNone, h, payload),
        WireError::kBadLength);
    EXPECT_EQ(decode_v3_data_header(from_hex("00000042aabb"), Encapsulation::kIp, 4,
                                    L2SpecificSublayer::kNone, h, payload),
              WireError::kTruncated);
    EXPECT_EQ(decode_v3_data_header(from_hex("00000000aabbccdd"), Encapsulation::kIp, 4,
                                    L2SpecificSublayer::kNone, h, payload),
              WireError::kNotControl);
}

}  // namespace
}  // namespace l2tp::wire
