#include "l2tp/wire/message_dump.hpp"

#include <gtest/gtest.h>

#include "l2tp/wire/message_builder.hpp"
#include "support/sample_messages.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::to_bytes;

TEST(MessageDump, OneLinePerAvpNamedFromTheCatalog) {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV2, MessageType::kStopCcn)
                             .add_unsigned(avp::kAssignedTunnelId, 9)
                             .add_result_code({2, 8, "unknown AVP 311:5"})
                             .finish(ControlHeader{ProtocolVersion::kV2, 77, 0, 1, 2});
    ASSERT_TRUE(built);
    ControlMessage m;
    ASSERT_FALSE(decode_control_message(built.bytes, Encapsulation::kUdp, {}, m));
    EXPECT_EQ(dump_control_message(m),
              "L2TPv2 StopCCN tunnel 77 session 0 Ns 1 Nr 2 length 55\n"
              "  M- Message Type (0:0): 4 (StopCCN)\n"
              "  M- Assigned Tunnel ID (0:9): 9\n"
              "  M- Result Code (0:1): result 2 error 8 message \"unknown AVP 311:5\"\n");
}

TEST(MessageDump, HiddenValuesStayHiddenUnlessAsked) {
    const auto secret = to_bytes("s");
    BuiltMessage built =
        MessageBuilder(ProtocolVersion::kV2, MessageType::kIccn)
            .hide_with(secret)
            .add_unsigned(avp::kTxConnectSpeed, 1000000)
            .add_unsigned(avp::kFramingType, 1)
            .add_text(avp::kProxyAuthenName, "alice")
            .add_octets(avp::kProxyAuthenResponse, to_bytes("pap-password"), Visibility::kHidden)
            .finish({});
    ASSERT_TRUE(built);
    ControlMessage m;
    ASSERT_FALSE(decode_control_message(built.bytes, Encapsulation::kUdp, {secret}, m));
    const std::string hidden = dump_control_message(m);
    EXPECT_EQ(hidden.find("pap-password"), std::string::npos);
    EXPECT_EQ(hidden.find("0x7061702d70617373776f7264"), std::string::npos);
    EXPECT_NE(hidden.find("<hidden 12 octets>"), std::string::npos);
    EXPECT_NE(hidden.find("\"alice\""), std::string::npos);
    const std::string revealed = dump_control_message(m, DumpOptions{true});
    EXPECT_NE(revealed.find("0x7061702d70617373776f7264"), std::string::npos);
}

TEST(MessageDump, ClearPapPasswordIsMaskedUnlessAsked) {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV2, MessageType::kIccn)
                             .add_unsigned(avp::kTxConnectSpeed, 1000000)
                             .add_unsigned(avp::kFramingType, 1)
                             .add_octets(avp::kProxyAuthenResponse, to_bytes("pap-password"))
                             .finish({});
    ASSERT_TRUE(built);
    ControlMessage m;
    ASSERT_FALSE(decode_control_message(built.bytes, Encapsulation::kUdp, {}, m));
    const std::string masked = dump_control_message(m);
    EXPECT_EQ(masked.find("7061702d"), std::string::npos);
    EXPECT_NE(masked.find("Proxy Authen Response (0:33): <secret 12 octets>"), std::string::npos);
    EXPECT_NE(dump_control_message(m, DumpOptions{true}).find("0x7061702d"), std::string::npos);
}

}  // namespace
}  // namespace l2tp::wire
