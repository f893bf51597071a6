// The builder writes RFC layouts byte for byte and places the Random Vector and the digest
// where the RFCs require.
#include "l2tp/wire/message_builder.hpp"

#include <gtest/gtest.h>

#include "l2tp/wire/control_message.hpp"
#include "support/sample_messages.hpp"
#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::to_bytes;
using l2tp::testing::to_hex;

TEST(MessageBuilder, BuildsTheHandLaidSccrqByteForByte) {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV2, MessageType::kSccrq)
                             .add_protocol_version({1, 0})
                             .add_unsigned(avp::kFramingCapabilities, 3)
                             .add_unsigned(avp::kBearerCapabilities, 0)
                             .add_unsigned(avp::kFirmwareRevision, 0x0690)
                             .add_text(avp::kHostName, "lac.example")
                             .add_text(avp::kVendorName, "l2tpd")
                             .add_unsigned(avp::kAssignedTunnelId, 0x1234)
                             .add_unsigned(avp::kReceiveWindowSize, 4)
                             .finish(ControlHeader{});
    ASSERT_TRUE(built);
    // Same octets as control_message_test's kSccrq except for the M bits, which the catalog
    // decides (Firmware Revision and Vendor Name: M clear; the others set).
    EXPECT_EQ(to_hex(built.bytes),
              "c8020064000000000000000080080000000000018008000000020100800a0000000300000003800a0000"
              "00040000000000080000000606908011000000076c61632e6578616d706c65000b000000086c327470"
              "6480080000000912348008"
              "0000000a0004");
}

TEST(MessageBuilder, HeaderFieldsAndLength) {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV3, MessageType::kHello)
                             .finish(ControlHeader{ProtocolVersion::kV2, 0xa0b0c0d0, 0, 3, 4});
    ASSERT_TRUE(built);
    // The builder's version wins; HELLO is just its Message Type AVP.
    EXPECT_EQ(to_hex(built.bytes), "c8030014a0b0c0d0000300048008000000000006");
    set_sequence_numbers(built.bytes, 0x0102, 0x0304);
    EXPECT_EQ(to_hex(built.bytes).substr(16, 8), "01020304");
}

TEST(MessageBuilder, RandomVectorPrecedesTheFirstHiddenAvpOnly) {
    const auto secret = to_bytes("s");
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq)
                             .hide_with(secret)
                             .add_unsigned(avp::kAssignedSessionId, 7, Visibility::kHidden)
                             .add_unsigned(avp::kCallSerialNumber, 1, Visibility::kHidden)
                             .add_text(avp::kCalledNumber, "555", Visibility::kHidden)
                             .finish(ControlHeader{});
    ASSERT_TRUE(built);
    ControlMessage m;
    ASSERT_FALSE(
        decode_control_message(built.bytes, Encapsulation::kUdp, DecodeOptions{secret}, m));
    ASSERT_EQ(m.avps().size(), 5u);
    EXPECT_EQ(m.avps()[1].header.key, avp::kRandomVector);
    EXPECT_EQ(m.avps()[1].value.size(), 16u);
    for (std::size_t i = 2; i < 5; ++i) {
        EXPECT_TRUE(m.avps()[i].header.hidden);
    }
    EXPECT_EQ(m.unsigned_value(avp::kAssignedSessionId), 7u);
    EXPECT_EQ(m.text(avp::kCalledNumber), "555");
    // Without the secret the hidden mandatory AVP cannot be read: the session is cleared.
    EXPECT_EQ(decode_control_message(built.bytes, Encapsulation::kUdp, DecodeOptions{}, m).code,
              WireError::kHiddenAvpError);
}

TEST(MessageBuilder, RefusesBadValuesAndHiding) {
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq)
                  .add_unsigned(avp::kAssignedSessionId, 0x10000)
                  .finish({})
                  .error,
              BuildError::kBadValue);
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq)
                  .add_unsigned(avp::kAssignedSessionId, 1, Visibility::kHidden)
                  .finish({})
                  .error,
              BuildError::kCannotHide);  // no secret
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kSccrp)
                  .add_octets(avp::kChallengeResponse, to_bytes("short"))
                  .finish({})
                  .error,
              BuildError::kBadValue);  // RFC 2661 §4.4.3: exactly 16 octets
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq)
                  .add_octets(AvpKey{311, 1}, to_bytes("x"))
                  .finish({})
                  .avp,
              (AvpKey{311, 1}));
}

TEST(MessageBuilder, DigestAvpFollowsTheMessageType) {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV3, MessageType::kHello)
                             .with_digest(DigestType::kHmacSha1)
                             .finish(ControlHeader{ProtocolVersion::kV3, 1});
    ASSERT_TRUE(built);
    // Message Type, then 0:59 of Length 27 with Digest Type 1 (RFC 3931 §5.4.1).
    EXPECT_EQ(to_hex(built.bytes).substr(40, 14), "801b0000003b01");
    const SharedKey key = derive_shared_key(to_bytes("k"));
    ASSERT_EQ(sign_control_message(built.bytes, key, {}), WireError::kNone);
    const SharedKey keys[] = {key};
    EXPECT_EQ(verify_control_message(built.bytes, keys, {}), WireError::kNone);
}

}  // namespace
}  // namespace l2tp::wire
