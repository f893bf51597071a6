#include "l2tp/wire/message_builder.hpp"

#include <algorithm>
#include <array>

#include "l2tp/wire/hidden_avp.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::wire {

namespace {

constexpr std::size_t kTypicalMessageSize = 256;
constexpr std::size_t kRandomVectorSize = 16;  // RFC 2661 §4.3: "at least 16 octets" advised

}  // namespace

std::string_view build_error_name(BuildError error) {
    switch (error) {
        case BuildError::kNone:
            return "none";
        case BuildError::kUnknownMessage:
            return "message not defined in this version";
        case BuildError::kUnknownAvp:
            return "AVP not in the catalog";
        case BuildError::kAvpNotAllowed:
            return "AVP not allowed in this message";
        case BuildError::kBadValue:
            return "AVP value out of bounds";
        case BuildError::kCannotHide:
            return "AVP cannot be hidden";
        case BuildError::kMissingRequiredAvp:
            return "required AVP missing";
        case BuildError::kTooLong:
            return "message too long";
    }
    return "unknown";
}

MessageBuilder::MessageBuilder(ProtocolVersion version, MessageType type)
    : version_(version), rule_(find_message_rule(version, type)) {
    bytes_.reserve(kTypicalMessageSize);
    ByteWriter out(bytes_);
    encode_control_header(out, ControlHeader{version});
    if (rule_ == nullptr) {
        fail(BuildError::kUnknownMessage, avp::kMessageType);
        return;
    }
    const std::array<std::uint8_t, 2> value{
        static_cast<std::uint8_t>(static_cast<std::uint16_t>(type) >> 8),
        static_cast<std::uint8_t>(type)};
    add_value(avp::kMessageType, value, Visibility::kClear);
}

void MessageBuilder::fail(BuildError error, AvpKey key) {
    if (error_ == BuildError::kNone) {
        error_ = error;
        error_avp_ = key;
    }
}

MessageBuilder& MessageBuilder::with_digest(DigestType type) {
    std::array<std::uint8_t, 21> value{};
    value[0] = static_cast<std::uint8_t>(type);
    add_value(avp::kMessageDigest, Bytes(value.data(), 1 + digest_size(type)), Visibility::kClear);
    return *this;
}

MessageBuilder& MessageBuilder::hide_with(Bytes secret, std::size_t padding_length,
                                          RandomSource& random) {
    random_ = &random;
    secret_ = secret;
    padding_length_ = padding_length;
    return *this;
}

MessageBuilder& MessageBuilder::add_unsigned(AvpKey key, std::uint64_t value,
                                             Visibility visibility) {
    const AvpSpec* spec = find_avp_spec(key);
    std::size_t width = 0;
    switch (spec == nullptr ? ValueKind::kBytes : spec->kind) {
        case ValueKind::kU8:
            width = 1;
            break;
        case ValueKind::kU16:
            width = 2;
            break;
        case ValueKind::kU32:
            width = 4;
            break;
        case ValueKind::kU64:
            width = 8;
            break;
        default:
            fail(spec == nullptr ? BuildError::kUnknownAvp : BuildError::kBadValue, key);
            return *this;
    }
    std::array<std::uint8_t, 8> octets{};
    for (std::size_t i = 0; i < width; ++i) {
        octets[width - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
    if (width < 8 && (value >> (8 * width)) != 0) {
        fail(BuildError::kBadValue, key);
        return *this;
    }
    add_value(key, Bytes(octets.data(), width), visibility);
    return *this;
}

MessageBuilder& MessageBuilder::add_octets(AvpKey key, Bytes value, Visibility visibility) {
    add_value(key, value, visibility);
    return *this;
}

MessageBuilder& MessageBuilder::add_text(AvpKey key, std::string_view value,
                                         Visibility visibility) {
    add_value(key, Bytes(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()),
              visibility);
    return *this;
}

MessageBuilder& MessageBuilder::add_result_code(const ResultCodeValue& value) {
    std::vector<std::uint8_t> octets;
    ByteWriter out(octets);
    write_result_code(out, value);
    add_value(avp::kResultCode, octets, Visibility::kClear);
    return *this;
}

MessageBuilder& MessageBuilder::add_protocol_version(ProtocolVersionValue value) {
    const std::array<std::uint8_t, 2> octets{value.version, value.revision};
    add_value(avp::kProtocolVersion, octets, Visibility::kClear);
    return *this;
}

void MessageBuilder::add_value(AvpKey key, Bytes value, Visibility visibility) {
    if (error_ != BuildError::kNone) {
        return;
    }
    const AvpSpec* spec = find_avp_spec(key);
    if (spec == nullptr) {
        return fail(BuildError::kUnknownAvp, key);
    }
    if (key != avp::kMessageType && !rule_allows(*rule_, key)) {
        return fail(BuildError::kAvpNotAllowed, key);
    }
    if (!avp_value_is_well_formed(*spec, value)) {
        return fail(BuildError::kBadValue, key);
    }
    const bool hidden = visibility == Visibility::kHidden;
    if (hidden && (!spec->may_be_hidden || secret_.empty())) {
        return fail(BuildError::kCannotHide, key);
    }
    ByteWriter out(bytes_);
    if (hidden && random_vector_.empty()) {
        // RFC 2661 §4.3: the Random Vector AVP precedes the first hidden AVP.
        random_vector_ = random_->octets(kRandomVectorSize);
        add_value(avp::kRandomVector, random_vector_, Visibility::kClear);
    }
    const std::size_t value_length =
        hidden ? kHiddenLengthFieldSize + value.size() + padding_length_ : value.size();
    if (kAvpHeaderSize + value_length > kAvpMaxLength) {
        return fail(BuildError::kBadValue, key);
    }
    write_avp_header(out, sends_mandatory(*spec), hidden, key, value_length);
    if (hidden) {
        append_hidden_value(bytes_, key.type, value, secret_, random_vector_, padding_length_,
                            *random_);
    } else {
        out.bytes(value);
    }
    added_.push_back(key);
}

BuiltMessage MessageBuilder::finish(ControlHeader header) {
    BuiltMessage built;
    if (error_ == BuildError::kNone) {
        for (const AvpKey key : rule_->required) {
            const bool present = std::any_of(added_.begin(), added_.end(), [&](AvpKey added) {
                return added == key || find_avp_spec(added)->ietf_equivalent == key;
            });
            if (!present) {
                fail(BuildError::kMissingRequiredAvp, key);
                break;
            }
        }
    }
    if (error_ == BuildError::kNone && bytes_.size() > 0xffff) {
        fail(BuildError::kTooLong, {});
    }
    if (error_ != BuildError::kNone) {
        built.error = error_;
        built.avp = error_avp_;
        return built;
    }
    header.version = version_;
    std::vector<std::uint8_t> head;
    ByteWriter out(head);
    encode_control_header(out, header);
    std::copy(head.begin(), head.end(), bytes_.begin());
    set_control_length(bytes_, static_cast<std::uint16_t>(bytes_.size()));
    built.bytes = std::move(bytes_);
    return built;
}

}  // namespace l2tp::wire
