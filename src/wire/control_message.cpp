#include "l2tp/wire/control_message.hpp"

#include "l2tp/wire/avp_value.hpp"
#include "l2tp/wire/hidden_avp.hpp"

namespace l2tp::wire {

namespace {

constexpr std::size_t kTypicalAvpCount = 16;

DecodeError drop(WireError code, std::size_t offset = 0) {
    return DecodeError{code, ErrorAction::kDrop, 0, GeneralError::kNone, {}, offset};
}

// RFC 3931 §5.2: a fatal fault in a session message clears the session with a CDN, in a
// control connection message the control connection with a StopCCN; both use Result Code 2
// ("General error, Error Code indicates the problem").
DecodeError clear(const MessageRule& rule, WireError code, GeneralError error, AvpKey key,
                  std::size_t offset) {
    const bool session = rule.scope == MessageScope::kSession;
    return DecodeError{code,
                       session ? ErrorAction::kCdn : ErrorAction::kStopCcn,
                       session ? static_cast<std::uint16_t>(CdnResult::kGeneralError)
                               : static_cast<std::uint16_t>(StopCcnResult::kGeneralError),
                       error,
                       key,
                       offset};
}

// RFC 2661 §4.1: in L2TPv2 an AVP with a reserved bit set is treated as unrecognised.
// RFC 3931 §5.1 says reserved bits are ignored instead.
const AvpSpec* recognise(ProtocolVersion version, const AvpHeader& header) {
    if (version == ProtocolVersion::kV2 && header.reserved_bits) {
        return nullptr;
    }
    return find_avp_spec(header.key);
}

}  // namespace

const Avp* ControlMessage::find(AvpKey key) const {
    for (const Avp& avp : avps_) {
        if (avp.spec != nullptr && !avp.malformed &&
            (avp.header.key == key || avp.spec->ietf_equivalent == key)) {
            return &avp;
        }
    }
    return nullptr;
}

std::optional<std::uint64_t> ControlMessage::unsigned_value(AvpKey key) const {
    const Avp* avp = find(key);
    if (avp == nullptr) {
        return std::nullopt;
    }
    return parse_unsigned(avp->value, avp->value.size());
}

std::optional<Bytes> ControlMessage::octets(AvpKey key) const {
    const Avp* avp = find(key);
    return avp == nullptr ? std::nullopt : std::optional<Bytes>(avp->value);
}

std::optional<std::string_view> ControlMessage::text(AvpKey key) const {
    const Avp* avp = find(key);
    if (avp == nullptr) {
        return std::nullopt;
    }
    return std::string_view(reinterpret_cast<const char*>(avp->value.data()), avp->value.size());
}

DecodeError decode_control_message(Bytes packet, Encapsulation encapsulation,
                                   const DecodeOptions& options, ControlMessage& out) {
    Bytes wire_message;
    if (const WireError e = decode_control_header(packet, encapsulation, out.header_, wire_message);
        e != WireError::kNone) {
        return drop(e);
    }
    out.bytes_.assign(wire_message.begin(), wire_message.end());
    out.avps_.clear();
    out.rule_ = nullptr;
    out.unknown_avps_ = out.unexpected_avps_ = out.malformed_avps_ = 0;
    out.zlb_ = out.bytes_.size() == kControlHeaderSize;
    if (out.zlb_) {
        return {};
    }
    const ProtocolVersion version = out.header_.version;
    MutableBytes body(out.bytes_.data() + kControlHeaderSize,
                      out.bytes_.size() - kControlHeaderSize);
    AvpWalker walker(body, kControlHeaderSize);

    // RFC 2661 §4.4.1, RFC 3931 §5.4.1: the Message Type AVP comes first, never hidden, Length 8.
    RawAvp raw;
    if (!walker.next(raw) || raw.header.key.type != avp::kMessageType.type || raw.header.hidden ||
        raw.value.size() != 2) {
        return drop(WireError::kNoMessageType, kControlHeaderSize);
    }
    out.type_ = static_cast<MessageType>(load_u16(raw.value, 0));
    out.rule_ =
        raw.header.key.vendor == kIetfVendor ? find_message_rule(version, out.type_) : nullptr;
    if (out.rule_ == nullptr) {
        // A mandatory unknown (or vendor) message type clears the control connection; without
        // the M bit the message may be ignored.
        if (!raw.header.mandatory) {
            return DecodeError{WireError::kUnknownMessageType, ErrorAction::kIgnoreMessage};
        }
        return DecodeError{WireError::kUnknownMessageType,
                           ErrorAction::kStopCcn,
                           static_cast<std::uint16_t>(StopCcnResult::kGeneralError),
                           GeneralError::kUnknownMandatoryAvp,
                           raw.header.key,
                           raw.offset};
    }
    const MessageRule& rule = *out.rule_;
    out.avps_.reserve(kTypicalAvpCount);
    out.avps_.push_back(Avp{raw.header, find_avp_spec(avp::kMessageType), raw.offset, raw.value});

    Bytes random_vector;
    bool have_random_vector = false;
    while (walker.next(raw)) {
        Avp avp{raw.header, recognise(version, raw.header), raw.offset, raw.value};
        if (avp.spec == nullptr) {
            if (raw.header.mandatory) {
                return clear(rule, WireError::kUnknownMandatoryAvp,
                             GeneralError::kUnknownMandatoryAvp, raw.header.key, raw.offset);
            }
            ++out.unknown_avps_;
            out.avps_.push_back(avp);
            continue;
        }
        bool well_formed = true;
        if (raw.header.hidden) {
            // RFC 2661 §4.3: the most recent Random Vector and the tunnel secret reveal it.
            MutableBytes hidden(out.bytes_.data() + raw.offset + kAvpHeaderSize, raw.value.size());
            well_formed = avp.spec->may_be_hidden && have_random_vector &&
                          !options.secret.empty() &&
                          reveal_hidden_value(raw.header.key.type, hidden, options.secret,
                                              random_vector, avp.value) == WireError::kNone;
            if (!well_formed && raw.header.mandatory) {
                return clear(rule, WireError::kHiddenAvpError, GeneralError::kOutOfRange,
                             raw.header.key, raw.offset);
            }
        }
        if (well_formed && !avp_value_is_well_formed(*avp.spec, avp.value)) {
            well_formed = false;
            if (raw.header.mandatory) {
                return clear(rule, WireError::kMalformedAvp, GeneralError::kBadLength,
                             raw.header.key, raw.offset);
            }
        }
        avp.malformed = !well_formed;
        out.malformed_avps_ += avp.malformed ? 1 : 0;
        if (well_formed && avp.spec->key == avp::kRandomVector) {
            random_vector = avp.value;
            have_random_vector = true;
        }
        if (!rule_allows(rule, raw.header.key)) {
            ++out.unexpected_avps_;
        }
        out.avps_.push_back(avp);
    }
    if (walker.error() != AvpWalkError::kNone) {
        return clear(rule, WireError::kBadAvpFraming, GeneralError::kBadLength, {},
                     walker.position());
    }
    // RFC 3931 §7.1: a message missing a required AVP is malformed; its connection or session
    // is cleared. No Error Code is prescribed: we send "Length is wrong" naming the AVP.
    for (const AvpKey key : rule.required) {
        if (!out.has(key)) {
            return clear(rule, WireError::kMissingRequiredAvp, GeneralError::kBadLength, key,
                         out.bytes_.size());
        }
    }
    return {};
}

}  // namespace l2tp::wire
