// Decoding and validating whole control messages: RFC layouts byte by byte, and every error
// answered as RFC 2661 §4.1 / RFC 3931 §5.2 and §7.1 prescribe.
#include "l2tp/wire/control_message.hpp"

#include <gtest/gtest.h>

#include <random>

#include "l2tp/wire/avp_value.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "support/sample_messages.hpp"
#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::from_hex;
using l2tp::testing::to_vector;

// The SCCRQ of `l2tpctl decode --sample`, laid out by hand from RFC 2661 §6.1 and §4.4.
constexpr const char* kSccrq =
    "c8020064000000000000000080080000000000018008000000020100800a0000000300000003800a00000004"
    "0000000000080000000606908011000000076c61632e6578616d706c65000b000000086c3274706480080000"
    "0009123480080000000a0004";

// Builds a v2 control message: header for `tunnel`, then the given AVP octets.
std::vector<std::uint8_t> v2_message(const std::string& avps_hex, std::uint16_t tunnel = 0) {
    auto out = from_hex(
        "c802000000000000"
        "00000000");
    out[4] = static_cast<std::uint8_t>(tunnel >> 8);
    out[5] = static_cast<std::uint8_t>(tunnel);
    const auto avps = from_hex(avps_hex);
    out.insert(out.end(), avps.begin(), avps.end());
    store_u16(out, 2, static_cast<std::uint16_t>(out.size()));
    return out;
}

// ICRQ (RFC 2661 §6.6): Message Type 10, Assigned Session ID 0x0007, Call Serial Number 1.
const std::string kIcrqAvps =
    "800800000000000a"
    "80080000000e0007"
    "800a0000000f00000001";

DecodeError decode(const std::vector<std::uint8_t>& packet, ControlMessage& message,
                   Bytes secret = {}) {
    return decode_control_message(packet, Encapsulation::kUdp, DecodeOptions{secret}, message);
}

TEST(ControlMessage, DecodesHandLaidSccrq) {
    ControlMessage m;
    ASSERT_FALSE(decode(from_hex(kSccrq), m));
    EXPECT_EQ(m.type(), MessageType::kSccrq);
    EXPECT_EQ(m.header().version, ProtocolVersion::kV2);
    EXPECT_EQ(m.header().length, 100);
    EXPECT_EQ(m.unsigned_value(avp::kAssignedTunnelId), 0x1234u);
    EXPECT_EQ(m.unsigned_value(avp::kReceiveWindowSize), 4u);
    EXPECT_EQ(m.unsigned_value(avp::kFramingCapabilities), 3u);
    EXPECT_EQ(m.text(avp::kHostName), "lac.example");
    EXPECT_EQ(m.text(avp::kVendorName), "l2tpd");
    const auto version = parse_protocol_version(*m.octets(avp::kProtocolVersion));
    ASSERT_TRUE(version);
    EXPECT_EQ(version->version, 1);
    EXPECT_EQ(version->revision, 0);
    EXPECT_EQ(m.avps().size(), 9u);
    EXPECT_EQ(m.unknown_avp_count(), 0u);
}

TEST(ControlMessage, ZeroLengthBodyIsAZlb) {
    ControlMessage m;
    ASSERT_FALSE(decode(from_hex("c802000c1234000000030004"), m));
    EXPECT_TRUE(m.is_zlb());
    EXPECT_TRUE(m.avps().empty());
    EXPECT_EQ(m.header().nr, 4);
}

TEST(ControlMessage, FirstAvpMustBeAClearMessageType) {
    ControlMessage m;
    // Host Name first.
    EXPECT_EQ(decode(v2_message("80090000000761"
                                "800800000000000a"),
                     m)
                  .code,
              WireError::kNoMessageType);
    // Hidden Message Type.
    EXPECT_EQ(decode(v2_message("c80800000000000a"), m).code, WireError::kNoMessageType);
    // Message Type of length 7.
    const DecodeError e = decode(v2_message("80070000000000"), m);
    EXPECT_EQ(e.code, WireError::kNoMessageType);
    EXPECT_EQ(e.action, ErrorAction::kDrop);
}

TEST(ControlMessage, UnknownMessageTypeWithMandatoryBitClearsTheConnection) {
    ControlMessage m;
    const DecodeError e = decode(v2_message("80080000000000ff"), m);
    EXPECT_EQ(e.code, WireError::kUnknownMessageType);
    EXPECT_EQ(e.action, ErrorAction::kStopCcn);
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(StopCcnResult::kGeneralError));
    // Without the M bit it may be ignored (RFC 3931 §5.4.1).
    EXPECT_EQ(decode(v2_message("00080000000000ff"), m).action, ErrorAction::kIgnoreMessage);
    // ACK is an L2TPv3 message only.
    EXPECT_EQ(decode(v2_message("8008000000000014"), m).code, WireError::kUnknownMessageType);
}

TEST(ControlMessage, UnknownMandatoryAvpClearsTheSessionWithCdn) {
    ControlMessage m;
    // Vendor 311 type 5, M set, inside an ICRQ: CDN with Result 2, Error 8 (RFC 3931 §5.2).
    const DecodeError e = decode(v2_message(kIcrqAvps + "800801370005abcd", 1), m);
    EXPECT_EQ(e.code, WireError::kUnknownMandatoryAvp);
    EXPECT_EQ(e.action, ErrorAction::kCdn);
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(CdnResult::kGeneralError));
    EXPECT_EQ(e.error_code, GeneralError::kUnknownMandatoryAvp);
    EXPECT_EQ(e.avp, (AvpKey{311, 5}));
    EXPECT_EQ(e.offset, 12u + 8 + 8 + 10);
}

TEST(ControlMessage, UnknownMandatoryAvpInSccrqClearsTheConnectionWithStopCcn) {
    auto sccrq = from_hex(kSccrq);
    const auto extra = from_hex("8008000000c8abcd");  // IETF type 200, unknown, M set
    sccrq.insert(sccrq.end(), extra.begin(), extra.end());
    store_u16(sccrq, 2, static_cast<std::uint16_t>(sccrq.size()));
    ControlMessage m;
    const DecodeError e = decode(sccrq, m);
    EXPECT_EQ(e.action, ErrorAction::kStopCcn);
    EXPECT_EQ(e.result_code, 2);
    EXPECT_EQ(e.error_code, GeneralError::kUnknownMandatoryAvp);
}

TEST(ControlMessage, UnknownOptionalAvpIsKeptSkippedAndReported) {
    ControlMessage m;
    ASSERT_FALSE(decode(v2_message("800800000000000a"
                                   "000b01370005"
                                   "0102030405" +
                                   kIcrqAvps.substr(16)),
                        m));
    EXPECT_EQ(m.unknown_avp_count(), 1u);
    ASSERT_EQ(m.avps().size(), 4u);
    EXPECT_EQ(m.avps()[1].spec, nullptr);
    EXPECT_EQ(m.avps()[1].value.size(), 5u);
    // The walk stayed in step: the AVPs after it are read.
    EXPECT_EQ(m.unsigned_value(avp::kAssignedSessionId), 7u);
}

TEST(ControlMessage, ReservedAvpBitsMakeAnAvpUnrecognisedInV2) {
    ControlMessage m;
    // Assigned Session ID with a reserved bit (0x20) and M set: unrecognised, so fatal.
    const DecodeError e = decode(v2_message("800800000000000a"
                                            "a008"
                                            "0000000e0007" +
                                            kIcrqAvps.substr(32)),
                                 m);
    EXPECT_EQ(e.code, WireError::kUnknownMandatoryAvp);
}

TEST(ControlMessage, MissingRequiredAvpClearsTheSession) {
    ControlMessage m;
    const DecodeError e = decode(v2_message("800800000000000a"
                                            "800a0000000f00000001"),
                                 m);
    EXPECT_EQ(e.code, WireError::kMissingRequiredAvp);
    EXPECT_EQ(e.action, ErrorAction::kCdn);
    EXPECT_EQ(e.avp, avp::kAssignedSessionId);
}

TEST(ControlMessage, MalformedAvpIsFatalOnlyWithTheMandatoryBit) {
    ControlMessage m;
    // Call Serial Number of 3 octets, M set.
    DecodeError e = decode(v2_message("800800000000000a"
                                      "80080000000e0007"
                                      "8009000000"
                                      "0f000001"),
                           m);
    EXPECT_EQ(e.code, WireError::kMalformedAvp);
    EXPECT_EQ(e.error_code, GeneralError::kBadLength);
    EXPECT_EQ(e.avp, avp::kCallSerialNumber);
    // Bearer Type (optional) of 3 octets without M: ignored, counted (RFC 3931 §7.1).
    e = decode(v2_message(kIcrqAvps + "000900000012000001"), m);
    ASSERT_FALSE(e) << wire_error_name(e.code);
    EXPECT_EQ(m.malformed_avp_count(), 1u);
    EXPECT_FALSE(m.has(avp::kBearerType));
}

TEST(ControlMessage, BrokenAvpFramingClearsTheScope) {
    ControlMessage m;
    // Assigned Session ID claims 9 octets at the very end.
    const DecodeError e = decode(v2_message("800800000000000a"
                                            "800a0000000f00000001"
                                            "8009000000"
                                            "0e0007"),
                                 m);
    EXPECT_EQ(e.code, WireError::kBadAvpFraming);
    EXPECT_EQ(e.action, ErrorAction::kCdn);
    EXPECT_EQ(e.error_code, GeneralError::kBadLength);
}

TEST(ControlMessage, HiddenAvpNeedsRandomVectorAndSecret) {
    const auto secret = to_vector("s");
    ControlMessage m;
    // Hidden mandatory Assigned Session ID without a preceding Random Vector.
    DecodeError e = decode(v2_message("800800000000000a"
                                      "c00a0000000e00020007" +
                                      kIcrqAvps.substr(32)),
                           m, secret);
    EXPECT_EQ(e.code, WireError::kHiddenAvpError);
    EXPECT_EQ(e.action, ErrorAction::kCdn);
    // Hidden optional Bearer Type without a Random Vector: ignored.
    e = decode(v2_message(kIcrqAvps + "400c00000012000200000000"), m, secret);
    ASSERT_FALSE(e);
    EXPECT_EQ(m.malformed_avp_count(), 1u);
}

TEST(ControlMessage, CiscoAvpsStandInForTheirRfc3931Twins) {
    // v3 ICRQ (RFC 3931 §6.6) with Cisco's Local Session ID (9:3) instead of 0:63.
    MessageBuilder builder(ProtocolVersion::kV3, MessageType::kIcrq);
    const MessageRule& rule = *find_message_rule(ProtocolVersion::kV3, MessageType::kIcrq);
    for (AvpKey key : rule.required) {
        if (key == avp::kLocalSessionId) {
            builder.add_unsigned(avp::kCiscoLocalSessionId, 0x51);
        } else {
            l2tp::testing::add_sample_avp(builder, *find_avp_spec(key));
        }
    }
    const BuiltMessage built = builder.finish(ControlHeader{});
    ASSERT_TRUE(built) << build_error_name(built.error);
    ControlMessage m;
    ASSERT_FALSE(decode(built.bytes, m));
    EXPECT_EQ(m.unsigned_value(avp::kLocalSessionId), 0x51u);
    EXPECT_EQ(m.find(avp::kLocalSessionId)->header.key, avp::kCiscoLocalSessionId);
}

TEST(ControlMessage, EveryTruncationOfEverySampleIsRejected) {
    for (const auto& sample : l2tp::testing::all_sample_messages()) {
        for (std::size_t cut = 0; cut < sample.packet.size(); ++cut) {
            const std::vector<std::uint8_t> part(sample.packet.begin(),
                                                 sample.packet.begin() + static_cast<long>(cut));
            ControlMessage m;
            const DecodeError e =
                decode_control_message(part, sample.encapsulation, DecodeOptions{}, m);
            EXPECT_EQ(e.code, WireError::kTruncated) << sample.name << " cut " << cut;
            EXPECT_EQ(e.action, ErrorAction::kDrop);
        }
    }
}

TEST(ControlMessage, RandomGarbageNeverCrashes) {
    std::mt19937 rng(2661);
    std::uniform_int_distribution<int> octet(0, 255);
    std::uniform_int_distribution<std::size_t> size(0, 300);
    const auto samples = l2tp::testing::all_sample_messages();
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::uint8_t> packet;
        if (i % 2 == 0) {
            packet.resize(size(rng));
            for (auto& b : packet)
                b = static_cast<std::uint8_t>(octet(rng));
        } else {
            // A valid sample with a few octets flipped: reaches deeper into the decoder.
            packet = samples[static_cast<std::size_t>(i) % samples.size()].packet;
            for (int flips = 0; flips < 3; ++flips) {
                packet[size(rng) % packet.size()] ^= static_cast<std::uint8_t>(octet(rng) | 1);
            }
        }
        ControlMessage m;
        const DecodeError e = decode_control_message(
            packet, i % 4 == 1 ? Encapsulation::kIp : Encapsulation::kUdp,
            DecodeOptions{Bytes(reinterpret_cast<const std::uint8_t*>("s"), 1)}, m);
        if (!e) {
            EXPECT_LE(m.bytes().size(), packet.size());
        }
    }
}

}  // namespace
}  // namespace l2tp::wire
