#include "l2tp/wire/message_rules.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "l2tp/wire/avp_catalog.hpp"

namespace l2tp::wire {

namespace {

// The Message Type AVP is implicit in every rule and never listed. So are the Random Vector
// and, in L2TPv3, the Message Digest that RFC 3931 §6 names in every MAY list: they are
// allowed_in_every_message().

// ---- L2TPv2 (RFC 2661 §6) ----

// RFC 2661 §6.1: SCCRQ.
constexpr AvpKey kV2SccrqRequired[] = {avp::kProtocolVersion, avp::kHostName,
                                       avp::kFramingCapabilities, avp::kAssignedTunnelId};
constexpr AvpKey kV2SccrqOptional[] = {avp::kBearerCapabilities, avp::kReceiveWindowSize,
                                       avp::kChallenge,          avp::kTieBreaker,
                                       avp::kFirmwareRevision,   avp::kVendorName};
// RFC 2661 §6.2: SCCRP.
constexpr AvpKey kV2SccrpRequired[] = {avp::kProtocolVersion, avp::kFramingCapabilities,
                                       avp::kHostName, avp::kAssignedTunnelId};
constexpr AvpKey kV2SccrpOptional[] = {avp::kBearerCapabilities, avp::kFirmwareRevision,
                                       avp::kVendorName,         avp::kReceiveWindowSize,
                                       avp::kChallenge,          avp::kChallengeResponse};
// RFC 2661 §6.3: SCCCN.
constexpr AvpKey kV2ScccnOptional[] = {avp::kChallengeResponse};
// RFC 2661 §6.4: StopCCN.
constexpr AvpKey kV2StopCcnRequired[] = {avp::kAssignedTunnelId, avp::kResultCode};
// RFC 2661 §6.6: ICRQ.
constexpr AvpKey kV2IcrqRequired[] = {avp::kAssignedSessionId, avp::kCallSerialNumber};
constexpr AvpKey kV2IcrqOptional[] = {avp::kBearerType, avp::kPhysicalChannelId,
                                      avp::kCallingNumber, avp::kCalledNumber, avp::kSubAddress};
// RFC 2661 §6.7: ICRP.
constexpr AvpKey kV2IcrpRequired[] = {avp::kAssignedSessionId};
// RFC 2661 §6.8: ICCN.
constexpr AvpKey kV2IccnRequired[] = {avp::kTxConnectSpeed, avp::kFramingType};
constexpr AvpKey kV2IccnOptional[] = {avp::kInitialReceivedLcpConfreq,
                                      avp::kLastSentLcpConfreq,
                                      avp::kLastReceivedLcpConfreq,
                                      avp::kProxyAuthenType,
                                      avp::kProxyAuthenName,
                                      avp::kProxyAuthenChallenge,
                                      avp::kProxyAuthenId,
                                      avp::kProxyAuthenResponse,
                                      avp::kPrivateGroupId,
                                      avp::kRxConnectSpeed,
                                      avp::kSequencingRequired};
// RFC 2661 §6.9: OCRQ.
constexpr AvpKey kV2OcrqRequired[] = {
    avp::kAssignedSessionId, avp::kCallSerialNumber, avp::kMinimumBps,  avp::kMaximumBps,
    avp::kBearerType,        avp::kFramingType,      avp::kCalledNumber};
constexpr AvpKey kV2OcrqOptional[] = {avp::kSubAddress};
// RFC 2661 §6.10: OCRP.
constexpr AvpKey kV2OcrpRequired[] = {avp::kAssignedSessionId};
constexpr AvpKey kV2OcrpOptional[] = {avp::kPhysicalChannelId};
// RFC 2661 §6.11: OCCN.
constexpr AvpKey kV2OccnRequired[] = {avp::kTxConnectSpeed, avp::kFramingType};
constexpr AvpKey kV2OccnOptional[] = {avp::kRxConnectSpeed, avp::kSequencingRequired};
// RFC 2661 §6.12: CDN.
constexpr AvpKey kV2CdnRequired[] = {avp::kResultCode, avp::kAssignedSessionId};
constexpr AvpKey kV2CdnOptional[] = {avp::kQ931CauseCode};
// RFC 2661 §6.13: WEN.
constexpr AvpKey kV2WenRequired[] = {avp::kCallErrors};
// RFC 2661 §6.14: SLI.
constexpr AvpKey kV2SliRequired[] = {avp::kAccm};

// ---- L2TPv3 (RFC 3931 §6) ----
// Each optional list ends with the Cisco vendor-9 twins of the IETF AVPs the message lists
// (and Cisco-only extras), so that a draft-era Cisco peer's message is accepted. A Cisco twin
// satisfies a required IETF AVP through its ietf_equivalent.

// RFC 3931 §6.1: SCCRQ.
constexpr AvpKey kV3SccrqRequired[] = {avp::kHostName, avp::kRouterId,
                                       avp::kAssignedControlConnectionId,
                                       avp::kPseudowireCapabilitiesList};
constexpr AvpKey kV3SccrqOptional[] = {
    avp::kControlMessageAuthNonce, avp::kTieBreaker,        avp::kVendorName,
    avp::kReceiveWindowSize,       avp::kPreferredLanguage, avp::kCiscoAssignedConnectionId,
    avp::kCiscoPwCapabilitiesList, avp::kCiscoAuthNonce,    avp::kCiscoDraftAvpVersion};
// RFC 3931 §6.2: SCCRP.
constexpr AvpKey kV3SccrpRequired[] = {avp::kHostName, avp::kRouterId,
                                       avp::kAssignedControlConnectionId,
                                       avp::kPseudowireCapabilitiesList};
constexpr AvpKey kV3SccrpOptional[] = {avp::kControlMessageAuthNonce,
                                       avp::kVendorName,
                                       avp::kReceiveWindowSize,
                                       avp::kPreferredLanguage,
                                       avp::kCiscoAssignedConnectionId,
                                       avp::kCiscoPwCapabilitiesList,
                                       avp::kCiscoAuthNonce,
                                       avp::kCiscoDraftAvpVersion};
// RFC 3931 §6.4: StopCCN. Assigned Control Connection ID "MUST be present if the StopCCN is
// sent after an SCCRQ or SCCRP message has been sent": a condition the caller checks.
constexpr AvpKey kV3StopCcnRequired[] = {avp::kResultCode};
constexpr AvpKey kV3StopCcnOptional[] = {avp::kAssignedControlConnectionId,
                                         avp::kCiscoAssignedConnectionId};
// RFC 3931 §6.6: ICRQ. Type 5 is the Session Tie Breaker here (§5.4.4).
constexpr AvpKey kV3IcrqRequired[] = {avp::kLocalSessionId,   avp::kRemoteSessionId,
                                      avp::kCallSerialNumber, avp::kPseudowireType,
                                      avp::kRemoteEndId,      avp::kCircuitStatus};
constexpr AvpKey kV3IcrqOptional[] = {avp::kAssignedCookie,       avp::kTieBreaker,
                                      avp::kL2SpecificSublayer,   avp::kDataSequencing,
                                      avp::kTxConnectSpeedV3,     avp::kRxConnectSpeedV3,
                                      avp::kPhysicalChannelId,    avp::kCiscoLocalSessionId,
                                      avp::kCiscoRemoteSessionId, avp::kCiscoPwType,
                                      avp::kCiscoRemoteEndId,     avp::kCiscoCircuitStatus,
                                      avp::kCiscoAssignedCookie,  avp::kCiscoSessionTieBreaker,
                                      avp::kCiscoInterfaceMtu};
// RFC 3931 §6.7: ICRP.
constexpr AvpKey kV3IcrpRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId,
                                      avp::kCircuitStatus};
constexpr AvpKey kV3IcrpOptional[] = {
    avp::kAssignedCookie,      avp::kL2SpecificSublayer,   avp::kDataSequencing,
    avp::kTxConnectSpeedV3,    avp::kRxConnectSpeedV3,     avp::kPhysicalChannelId,
    avp::kCiscoLocalSessionId, avp::kCiscoRemoteSessionId, avp::kCiscoCircuitStatus,
    avp::kCiscoAssignedCookie, avp::kCiscoInterfaceMtu};
// RFC 3931 §6.8: ICCN.
constexpr AvpKey kV3IccnRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId};
constexpr AvpKey kV3IccnOptional[] = {avp::kL2SpecificSublayer,   avp::kDataSequencing,
                                      avp::kTxConnectSpeedV3,     avp::kRxConnectSpeedV3,
                                      avp::kCircuitStatus,        avp::kCiscoLocalSessionId,
                                      avp::kCiscoRemoteSessionId, avp::kCiscoCircuitStatus};
// RFC 3931 §6.9: OCRQ. Type 5 is the Session Tie Breaker here (§5.4.4).
constexpr AvpKey kV3OcrqRequired[] = {avp::kLocalSessionId,   avp::kRemoteSessionId,
                                      avp::kCallSerialNumber, avp::kPseudowireType,
                                      avp::kRemoteEndId,      avp::kCircuitStatus};
constexpr AvpKey kV3OcrqOptional[] = {avp::kAssignedCookie,
                                      avp::kTxConnectSpeedV3,
                                      avp::kRxConnectSpeedV3,
                                      avp::kTieBreaker,
                                      avp::kL2SpecificSublayer,
                                      avp::kDataSequencing,
                                      avp::kCiscoLocalSessionId,
                                      avp::kCiscoRemoteSessionId,
                                      avp::kCiscoPwType,
                                      avp::kCiscoRemoteEndId,
                                      avp::kCiscoCircuitStatus,
                                      avp::kCiscoAssignedCookie,
                                      avp::kCiscoSessionTieBreaker,
                                      avp::kCiscoInterfaceMtu};
// RFC 3931 §6.10: OCRP.
constexpr AvpKey kV3OcrpRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId,
                                      avp::kCircuitStatus};
constexpr AvpKey kV3OcrpOptional[] = {
    avp::kAssignedCookie,      avp::kL2SpecificSublayer,   avp::kTxConnectSpeedV3,
    avp::kRxConnectSpeedV3,    avp::kDataSequencing,       avp::kPhysicalChannelId,
    avp::kCiscoLocalSessionId, avp::kCiscoRemoteSessionId, avp::kCiscoCircuitStatus,
    avp::kCiscoAssignedCookie, avp::kCiscoInterfaceMtu};
// RFC 3931 §6.11: OCCN.
constexpr AvpKey kV3OccnRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId};
constexpr AvpKey kV3OccnOptional[] = {avp::kL2SpecificSublayer,   avp::kTxConnectSpeedV3,
                                      avp::kRxConnectSpeedV3,     avp::kDataSequencing,
                                      avp::kCircuitStatus,        avp::kCiscoLocalSessionId,
                                      avp::kCiscoRemoteSessionId, avp::kCiscoCircuitStatus};
// RFC 3931 §6.12: CDN.
constexpr AvpKey kV3CdnRequired[] = {avp::kResultCode, avp::kLocalSessionId, avp::kRemoteSessionId};
constexpr AvpKey kV3SessionIdTwins[] = {avp::kCiscoLocalSessionId, avp::kCiscoRemoteSessionId};
// RFC 3931 §6.13: WEN (type 34 is "Circuit Errors" in §5.4.5).
constexpr AvpKey kV3WenRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId, avp::kCallErrors};
// RFC 3931 §6.14: SLI.
constexpr AvpKey kV3SliRequired[] = {avp::kLocalSessionId, avp::kRemoteSessionId};
constexpr AvpKey kV3SliOptional[] = {avp::kCircuitStatus, avp::kCiscoLocalSessionId,
                                     avp::kCiscoRemoteSessionId, avp::kCiscoCircuitStatus};

constexpr std::span<const AvpKey> kNone{};

constexpr auto kControl = MessageScope::kControlConnection;
constexpr auto kSession = MessageScope::kSession;
constexpr auto kV2 = ProtocolVersion::kV2;
constexpr auto kV3 = ProtocolVersion::kV3;

constexpr auto kRules = std::to_array<MessageRule>({
    // RFC 2661 §6 (there is no ZLB row: a ZLB has no Message Type).
    {MessageType::kSccrq, kV2, kControl, kV2SccrqRequired, kV2SccrqOptional, "RFC 2661 §6.1"},
    {MessageType::kSccrp, kV2, kControl, kV2SccrpRequired, kV2SccrpOptional, "RFC 2661 §6.2"},
    {MessageType::kScccn, kV2, kControl, kNone, kV2ScccnOptional, "RFC 2661 §6.3"},
    {MessageType::kStopCcn, kV2, kControl, kV2StopCcnRequired, kNone, "RFC 2661 §6.4"},
    {MessageType::kHello, kV2, kControl, kNone, kNone, "RFC 2661 §6.5"},
    {MessageType::kIcrq, kV2, kSession, kV2IcrqRequired, kV2IcrqOptional, "RFC 2661 §6.6"},
    {MessageType::kIcrp, kV2, kSession, kV2IcrpRequired, kNone, "RFC 2661 §6.7"},
    {MessageType::kIccn, kV2, kSession, kV2IccnRequired, kV2IccnOptional, "RFC 2661 §6.8"},
    {MessageType::kOcrq, kV2, kSession, kV2OcrqRequired, kV2OcrqOptional, "RFC 2661 §6.9"},
    {MessageType::kOcrp, kV2, kSession, kV2OcrpRequired, kV2OcrpOptional, "RFC 2661 §6.10"},
    {MessageType::kOccn, kV2, kSession, kV2OccnRequired, kV2OccnOptional, "RFC 2661 §6.11"},
    {MessageType::kCdn, kV2, kSession, kV2CdnRequired, kV2CdnOptional, "RFC 2661 §6.12"},
    {MessageType::kWen, kV2, kSession, kV2WenRequired, kNone, "RFC 2661 §6.13"},
    {MessageType::kSli, kV2, kSession, kV2SliRequired, kNone, "RFC 2661 §6.14"},
    // RFC 3931 §6.
    {MessageType::kSccrq, kV3, kControl, kV3SccrqRequired, kV3SccrqOptional, "RFC 3931 §6.1"},
    {MessageType::kSccrp, kV3, kControl, kV3SccrpRequired, kV3SccrpOptional, "RFC 3931 §6.2"},
    {MessageType::kScccn, kV3, kControl, kNone, kNone, "RFC 3931 §6.3"},
    {MessageType::kStopCcn, kV3, kControl, kV3StopCcnRequired, kV3StopCcnOptional, "RFC 3931 §6.4"},
    {MessageType::kHello, kV3, kControl, kNone, kNone, "RFC 3931 §6.5"},
    {MessageType::kIcrq, kV3, kSession, kV3IcrqRequired, kV3IcrqOptional, "RFC 3931 §6.6"},
    {MessageType::kIcrp, kV3, kSession, kV3IcrpRequired, kV3IcrpOptional, "RFC 3931 §6.7"},
    {MessageType::kIccn, kV3, kSession, kV3IccnRequired, kV3IccnOptional, "RFC 3931 §6.8"},
    {MessageType::kOcrq, kV3, kSession, kV3OcrqRequired, kV3OcrqOptional, "RFC 3931 §6.9"},
    {MessageType::kOcrp, kV3, kSession, kV3OcrpRequired, kV3OcrpOptional, "RFC 3931 §6.10"},
    {MessageType::kOccn, kV3, kSession, kV3OccnRequired, kV3OccnOptional, "RFC 3931 §6.11"},
    {MessageType::kCdn, kV3, kSession, kV3CdnRequired, kV3SessionIdTwins, "RFC 3931 §6.12"},
    {MessageType::kWen, kV3, kSession, kV3WenRequired, kV3SessionIdTwins, "RFC 3931 §6.13"},
    {MessageType::kSli, kV3, kSession, kV3SliRequired, kV3SliOptional, "RFC 3931 §6.14"},
    // RFC 3931 §6.15: only the Message Type and Message Digest "MAY be present".
    {MessageType::kAck, kV3, kControl, kNone, kNone, "RFC 3931 §6.15"},
});

// (version, type) -> index into kRules, for a constant-time lookup.
constexpr std::size_t kMaxType = 20;  // ACK, the highest message type either RFC defines
constexpr std::int8_t kNoRule = -1;

constexpr std::size_t version_slot(ProtocolVersion version) {
    return version == ProtocolVersion::kV2 ? 0 : 1;
}

constexpr auto kRuleIndex = [] {
    std::array<std::array<std::int8_t, kMaxType + 1>, 2> index{};
    for (auto& row : index) {
        row.fill(kNoRule);
    }
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        index[version_slot(kRules[i].version)][static_cast<std::size_t>(kRules[i].type)] =
            static_cast<std::int8_t>(i);
    }
    return index;
}();

constexpr bool has_key(std::span<const AvpKey> keys, AvpKey key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The k-th key of required followed by optional.
constexpr AvpKey listed_at(const MessageRule& rule, std::size_t k) {
    return k < rule.required.size() ? rule.required[k] : rule.optional[k - rule.required.size()];
}

// Every rule is indexed (no two rows for one version and type), and no rule lists the Message
// Type or an AVP twice.
constexpr bool rules_consistent() {
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        const MessageRule& rule = kRules[i];
        const auto type = static_cast<std::size_t>(rule.type);
        if (type > kMaxType ||
            kRuleIndex[version_slot(rule.version)][type] != static_cast<std::int8_t>(i)) {
            return false;
        }
        const std::size_t count = rule.required.size() + rule.optional.size();
        for (std::size_t a = 0; a < count; ++a) {
            if (listed_at(rule, a) == avp::kMessageType) {
                return false;
            }
            for (std::size_t b = a + 1; b < count; ++b) {
                if (listed_at(rule, a) == listed_at(rule, b)) {
                    return false;
                }
            }
        }
    }
    return true;
}

static_assert(rules_consistent(), "message rules: duplicate row or AVP listed twice");

// Whether `keys` lists `key` itself or, for a vendor AVP, its IETF equivalent.
bool lists(std::span<const AvpKey> keys, AvpKey key) {
    if (has_key(keys, key)) {
        return true;
    }
    const AvpSpec* spec = find_avp_spec(key);
    return spec != nullptr && spec->ietf_equivalent != key && has_key(keys, spec->ietf_equivalent);
}

}  // namespace

const MessageRule* find_message_rule(ProtocolVersion version, MessageType type) {
    if (version != ProtocolVersion::kV2 && version != ProtocolVersion::kV3) {
        return nullptr;
    }
    const auto t = static_cast<std::size_t>(type);
    if (t > kMaxType) {
        return nullptr;
    }
    const std::int8_t i = kRuleIndex[version_slot(version)][t];
    return i == kNoRule ? nullptr : &kRules[static_cast<std::size_t>(i)];
}

std::span<const MessageRule> all_message_rules() {
    return kRules;
}

bool allowed_in_every_message(ProtocolVersion version, AvpKey key) {
    if (key == avp::kRandomVector) {
        return true;  // RFC 2661 §4.4.1, RFC 3931 §5.4.1
    }
    return version == ProtocolVersion::kV3 &&
           (key == avp::kMessageDigest || key == avp::kCiscoMessageDigest);  // RFC 3931 §5.4.1
}

bool rule_requires(const MessageRule& rule, AvpKey key) {
    return lists(rule.required, key);
}

bool rule_allows(const MessageRule& rule, AvpKey key) {
    return lists(rule.required, key) || lists(rule.optional, key) ||
           allowed_in_every_message(rule.version, key);
}

}  // namespace l2tp::wire
