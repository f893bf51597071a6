// Every message of RFC 2661 §6 and RFC 3931 §6 builds and parses, from the same rules table.
#include "l2tp/wire/message_rules.hpp"

#include <gtest/gtest.h>

#include <set>

#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "support/sample_messages.hpp"

namespace l2tp::wire {
namespace {

TEST(MessageRules, EveryMessageOfBothRfcsHasARule) {
    for (MessageType type :
         {MessageType::kSccrq, MessageType::kSccrp, MessageType::kScccn, MessageType::kStopCcn,
          MessageType::kHello, MessageType::kOcrq, MessageType::kOcrp, MessageType::kOccn,
          MessageType::kIcrq, MessageType::kIcrp, MessageType::kIccn, MessageType::kCdn,
          MessageType::kWen, MessageType::kSli}) {
        EXPECT_NE(find_message_rule(ProtocolVersion::kV2, type), nullptr)
            << message_type_name(type);
        EXPECT_NE(find_message_rule(ProtocolVersion::kV3, type), nullptr)
            << message_type_name(type);
    }
    EXPECT_NE(find_message_rule(ProtocolVersion::kV3, MessageType::kAck), nullptr);
    EXPECT_EQ(find_message_rule(ProtocolVersion::kV2, MessageType::kAck), nullptr);
}

TEST(MessageRules, ListsOnlyCatalogAvpsOnce) {
    for (const MessageRule& rule : all_message_rules()) {
        std::set<AvpKey> seen;
        for (const auto& list : {rule.required, rule.optional}) {
            for (AvpKey key : list) {
                EXPECT_NE(find_avp_spec(key), nullptr) << rule.rfc_section;
                EXPECT_TRUE(seen.insert(key).second) << rule.rfc_section;
                EXPECT_NE(key, avp::kMessageType) << rule.rfc_section;
            }
        }
    }
}

TEST(MessageRules, SpotChecksAgainstTheRfcText) {
    // RFC 2661 §6.1: SCCRQ MUST carry Protocol Version, Host Name, Framing Capabilities and
    // Assigned Tunnel ID.
    const MessageRule& sccrq = *find_message_rule(ProtocolVersion::kV2, MessageType::kSccrq);
    for (AvpKey key : {avp::kProtocolVersion, avp::kHostName, avp::kFramingCapabilities,
                       avp::kAssignedTunnelId}) {
        EXPECT_TRUE(rule_requires(sccrq, key)) << find_avp_spec(key)->name;
    }
    EXPECT_TRUE(rule_allows(sccrq, avp::kChallenge));
    EXPECT_EQ(sccrq.scope, MessageScope::kControlConnection);
    // RFC 3931 §6.6: ICRQ MUST carry Local Session ID, Remote Session ID, Serial Number and
    // Pseudowire Type; a Cisco Local Session ID counts as the first.
    const MessageRule& icrq = *find_message_rule(ProtocolVersion::kV3, MessageType::kIcrq);
    EXPECT_TRUE(rule_requires(icrq, avp::kLocalSessionId));
    EXPECT_TRUE(rule_requires(icrq, avp::kCiscoLocalSessionId));
    EXPECT_TRUE(rule_requires(icrq, avp::kPseudowireType));
    EXPECT_EQ(icrq.scope, MessageScope::kSession);
    // Message Digest is allowed in every L2TPv3 message, not in L2TPv2.
    EXPECT_TRUE(allowed_in_every_message(ProtocolVersion::kV3, avp::kMessageDigest));
    EXPECT_FALSE(allowed_in_every_message(ProtocolVersion::kV2, avp::kMessageDigest));
    EXPECT_TRUE(allowed_in_every_message(ProtocolVersion::kV2, avp::kRandomVector));
}

TEST(MessageRules, EverySampleMessageParsesAsBuilt) {
    const auto secret = l2tp::testing::to_bytes(l2tp::testing::kSampleSecret);
    std::set<std::pair<int, int>> covered;
    for (const auto& sample : l2tp::testing::all_sample_messages()) {
        ControlMessage m;
        const DecodeError e =
            decode_control_message(sample.packet, sample.encapsulation, DecodeOptions{secret}, m);
        ASSERT_FALSE(e) << sample.name << ": " << wire_error_name(e.code);
        EXPECT_EQ(m.unknown_avp_count(), 0u) << sample.name;
        EXPECT_EQ(m.unexpected_avp_count(), 0u) << sample.name;
        EXPECT_EQ(m.malformed_avp_count(), 0u) << sample.name;
        for (AvpKey key : m.rule()->required) {
            EXPECT_TRUE(m.has(key)) << sample.name;
        }
        covered.insert({static_cast<int>(sample.version), static_cast<int>(m.type())});
    }
    EXPECT_EQ(covered.size(), all_message_rules().size());
}

TEST(MessageRules, BuilderRefusesWhatTheRulesForbid) {
    // ICRQ without its required AVPs.
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq).finish({}).error,
              BuildError::kMissingRequiredAvp);
    // Host Name is not an ICRQ AVP.
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kIcrq)
                  .add_text(avp::kHostName, "x")
                  .finish({})
                  .error,
              BuildError::kAvpNotAllowed);
    EXPECT_EQ(MessageBuilder(ProtocolVersion::kV2, MessageType::kAck).finish({}).error,
              BuildError::kUnknownMessage);
}

}  // namespace
}  // namespace l2tp::wire
