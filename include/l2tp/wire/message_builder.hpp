// Builds control messages from the same catalog and rules that validate received ones: every
// AVP added must be in the catalog with a value that fits its row and be allowed in the message
// (RFC 2661 §6, RFC 3931 §6); finish() refuses a message missing a required AVP.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "l2tp/wire/avp_catalog.hpp"
#include "l2tp/wire/avp_value.hpp"
#include "l2tp/wire/header.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/message_rules.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::wire {

enum class Visibility : std::uint8_t { kClear, kHidden };

enum class BuildError : std::uint8_t {
    kNone,
    kUnknownMessage,      // the version defines no such message
    kUnknownAvp,          // not in the catalog
    kAvpNotAllowed,       // the message's rule does not list it
    kBadValue,            // value outside the catalog's bounds
    kCannotHide,          // the AVP may not be hidden, or no secret was given
    kMissingRequiredAvp,  // finish(): a required AVP was never added
    kTooLong,             // over 65535 octets
};

std::string_view build_error_name(BuildError error);

struct BuiltMessage {
    std::vector<std::uint8_t> bytes;
    BuildError error = BuildError::kNone;
    AvpKey avp{};  // the AVP at fault

    explicit operator bool() const { return error == BuildError::kNone; }
};

class MessageBuilder {
  public:
    MessageBuilder(ProtocolVersion version, MessageType type);

    // Reserves a Message Digest AVP right after the Message Type (RFC 3931 §5.4.1); the
    // digest is filled by sign_control_message once Ns and Nr are final.
    MessageBuilder& with_digest(DigestType type);
    // Secret for hidden AVPs; a Random Vector AVP (from `random`) is placed before the first
    // hidden one.
    MessageBuilder& hide_with(Bytes secret, std::size_t padding_length = 0,
                              RandomSource& random = system_random());

    MessageBuilder& add_unsigned(AvpKey key, std::uint64_t value,
                                 Visibility visibility = Visibility::kClear);
    MessageBuilder& add_octets(AvpKey key, Bytes value, Visibility visibility = Visibility::kClear);
    MessageBuilder& add_text(AvpKey key, std::string_view value,
                             Visibility visibility = Visibility::kClear);
    MessageBuilder& add_empty(AvpKey key) { return add_octets(key, {}); }
    MessageBuilder& add_result_code(const ResultCodeValue& value);
    MessageBuilder& add_protocol_version(ProtocolVersionValue value);

    // The message with header fields from `header` (version taken from the builder) and its
    // Length set. Ns/Nr can be patched later with set_sequence_numbers.
    BuiltMessage finish(ControlHeader header);

  private:
    void add_value(AvpKey key, Bytes value, Visibility visibility);
    void fail(BuildError error, AvpKey key);

    ProtocolVersion version_;
    const MessageRule* rule_;
    std::vector<std::uint8_t> bytes_;
    std::vector<AvpKey> added_;
    Bytes secret_;
    std::size_t padding_length_ = 0;
    std::vector<std::uint8_t> random_vector_;
    RandomSource* random_ = &system_random();
    BuildError error_ = BuildError::kNone;
    AvpKey error_avp_{};
};

}  // namespace l2tp::wire
