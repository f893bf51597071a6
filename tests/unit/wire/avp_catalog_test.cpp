// The AVP catalog: complete, consistent, and every row round-trips through the builder and
// the decoder in a message that allows it.
#include "l2tp/wire/avp_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "l2tp/wire/message_rules.hpp"
#include "support/sample_messages.hpp"
#include "support/test_hex.hpp"

namespace l2tp::wire {
namespace {

using l2tp::testing::kSampleSecret;

TEST(AvpCatalog, SortedUniqueAndLookedUpByVendorAndType) {
    const auto specs = all_avp_specs();
    for (std::size_t i = 1; i < specs.size(); ++i) {
        EXPECT_LT(specs[i - 1].key, specs[i].key) << specs[i].name;
    }
    for (const AvpSpec& spec : specs) {
        EXPECT_EQ(find_avp_spec(spec.key), &spec);
        EXPECT_FALSE(spec.name.empty());
        EXPECT_LE(spec.min_value_length, spec.max_value_length) << spec.name;
        EXPECT_LE(spec.max_value_length, kAvpMaxLength - kAvpHeaderSize) << spec.name;
        EXPECT_NE(find_avp_spec(spec.ietf_equivalent), nullptr) << spec.name;
    }
    // (vendor, type), never type alone: Cisco's type 1 is not the Result Code.
    EXPECT_EQ(find_avp_spec(avp::kCiscoAssignedConnectionId)->name,
              find_avp_spec(AvpKey{9, 1})->name);
    EXPECT_NE(find_avp_spec(AvpKey{9, 1}), find_avp_spec(avp::kResultCode));
    EXPECT_EQ(find_avp_spec(AvpKey{0, 20}), nullptr);   // reserved
    EXPECT_EQ(find_avp_spec(AvpKey{9, 11}), nullptr);   // not defined
    EXPECT_EQ(find_avp_spec(AvpKey{311, 1}), nullptr);  // another vendor
}

TEST(AvpCatalog, CoversBothRfcsAndCiscoDraftAvps) {
    for (std::uint16_t type = 0; type <= 39; ++type) {
        if (type != 20) {
            EXPECT_NE(find_avp_spec(AvpKey{0, type}), nullptr) << "RFC 2661 AVP " << type;
        }
    }
    for (std::uint16_t type = 58; type <= 75; ++type) {
        if (type != 67) {
            EXPECT_NE(find_avp_spec(AvpKey{0, type}), nullptr) << "RFC 3931 AVP " << type;
        }
    }
    for (std::uint16_t type : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14}) {
        EXPECT_NE(find_avp_spec(AvpKey{9, type}), nullptr) << "Cisco AVP " << type;
    }
}

TEST(AvpCatalog, RfcRulesOnHidingAndTheMandatoryBit) {
    // RFC 2661 §4.4.1 / RFC 3931 §5.4.1: Message Type, Random Vector, Message Digest and the
    // nonce are never hidden; the Message Type is always mandatory.
    for (AvpKey key : {avp::kMessageType, avp::kRandomVector, avp::kMessageDigest,
                       avp::kControlMessageAuthNonce}) {
        EXPECT_FALSE(find_avp_spec(key)->may_be_hidden) << find_avp_spec(key)->name;
    }
    EXPECT_EQ(find_avp_spec(avp::kMessageType)->mandatory, MandatoryRule::kMustSet);
    EXPECT_EQ(find_avp_spec(avp::kExtendedVendorId)->mandatory, MandatoryRule::kMustClear);
    EXPECT_TRUE(find_avp_spec(avp::kProxyAuthenResponse)->may_be_hidden);
    EXPECT_EQ(find_avp_spec(avp::kCiscoMessageDigest)->ietf_equivalent, avp::kMessageDigest);
}

// A message type of this version whose rule allows `key`, preferring a session message so
// that required AVPs are few.
const MessageRule* rule_allowing(ProtocolVersion version, AvpKey key) {
    const MessageRule* found = nullptr;
    for (const MessageRule& rule : all_message_rules()) {
        if (rule.version == version && rule_allows(rule, key) &&
            (found == nullptr || rule.required.size() < found->required.size())) {
            found = &rule;
        }
    }
    return found;
}

TEST(AvpCatalog, EveryAvpRoundTripsClearAndHidden) {
    const auto secret = l2tp::testing::to_vector(kSampleSecret);
    for (const AvpSpec& spec : all_avp_specs()) {
        if (spec.key == avp::kMessageType || spec.key == avp::kMessageDigest ||
            spec.key == avp::kCiscoMessageDigest) {
            continue;  // placed by the builder itself; covered by message_digest_test
        }
        for (ProtocolVersion version : {ProtocolVersion::kV2, ProtocolVersion::kV3}) {
            const MessageRule* rule = rule_allowing(version, spec.key);
            if (rule == nullptr) {
                continue;
            }
            for (Visibility visibility : {Visibility::kClear, Visibility::kHidden}) {
                if (visibility == Visibility::kHidden && !spec.may_be_hidden) {
                    continue;
                }
                // Cisco AVPs stand in for required IETF ones, which add_rule_avps adds itself.
                const bool added_here =
                    !rule_requires(*rule, spec.key) || spec.key.vendor != kIetfVendor;
                SCOPED_TRACE(std::string(spec.name) + " in " +
                             std::string(message_type_name(rule->type)));
                MessageBuilder builder(version, rule->type);
                builder.hide_with(secret, 5);
                l2tp::testing::add_rule_avps(builder, *rule, false, false);
                if (added_here) {
                    l2tp::testing::add_sample_avp(builder, spec, visibility);
                }
                BuiltMessage built = builder.finish(ControlHeader{});
                ASSERT_TRUE(built) << build_error_name(built.error);
                ControlMessage message;
                const DecodeError error = decode_control_message(built.bytes, Encapsulation::kUdp,
                                                                 DecodeOptions{secret}, message);
                ASSERT_FALSE(error) << wire_error_name(error.code);
                const Avp* avp = message.find(spec.key);
                ASSERT_NE(avp, nullptr);
                EXPECT_EQ(avp->spec, &spec);
                EXPECT_EQ(avp->header.hidden, visibility == Visibility::kHidden && added_here);
                EXPECT_EQ(avp->header.mandatory, sends_mandatory(spec));
                const auto expected = l2tp::testing::sample_value(spec);
                EXPECT_EQ(std::vector<std::uint8_t>(avp->value.begin(), avp->value.end()),
                          expected);
            }
        }
    }
}

}  // namespace
}  // namespace l2tp::wire
