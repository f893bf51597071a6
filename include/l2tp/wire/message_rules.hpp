// Which AVPs each control message must and may carry (RFC 2661 §6, RFC 3931 §6). Validation of
// received messages and the message builder both read this one table.
#pragma once

#include <span>
#include <string_view>

#include "l2tp/wire/avp.hpp"
#include "l2tp/wire/message_type.hpp"
#include "l2tp/wire/protocol_version.hpp"

namespace l2tp::wire {

// What a message is about, which decides how a fatal error in it is answered (RFC 3931 §5.2):
// a control connection message with a StopCCN, a session message with a CDN.
enum class MessageScope : std::uint8_t { kControlConnection, kSession };

struct MessageRule {
    MessageType type;
    ProtocolVersion version;
    MessageScope scope;
    std::span<const AvpKey> required;
    std::span<const AvpKey> optional;
    std::string_view rfc_section;
};

// The rule for this message in this version, or nullptr if the version does not define it.
const MessageRule* find_message_rule(ProtocolVersion version, MessageType type);
std::span<const MessageRule> all_message_rules();

// AVPs allowed in every message of a version on top of each rule's lists: Random Vector
// (RFC 2661 §4.3) and, in L2TPv3, Message Digest (RFC 3931 §5.4.1).
bool allowed_in_every_message(ProtocolVersion version, AvpKey key);

// Whether `key` is listed by the rule, as itself or through its IETF equivalent.
bool rule_requires(const MessageRule& rule, AvpKey key);
bool rule_allows(const MessageRule& rule, AvpKey key);

}  // namespace l2tp::wire
