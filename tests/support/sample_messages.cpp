#include "support/sample_messages.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "l2tp/wire/avp_value.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/message_rules.hpp"

namespace l2tp::testing {

using namespace l2tp::wire;

namespace {

std::vector<std::uint8_t> filled(std::size_t length, std::uint8_t octet) {
    return std::vector<std::uint8_t>(length, octet);
}

// AVPs that sample conversations place themselves: the digest and nonce (they need the
// conversation's keys), the Random Vector (the builder adds it), and the Cisco twins.
bool placed_by_conversation(const AvpSpec& spec) {
    return spec.key == avp::kMessageDigest || spec.key == avp::kControlMessageAuthNonce ||
           spec.key == avp::kRandomVector || spec.key.vendor != kIetfVendor;
}

}  // namespace

std::vector<std::uint8_t> sample_value(const AvpSpec& spec) {
    const std::size_t length =
        std::clamp<std::size_t>(16, spec.min_value_length, spec.max_value_length);
    switch (spec.kind) {
        case ValueKind::kEmpty:
            return {};
        case ValueKind::kU8:
            return {1};
        case ValueKind::kU16:
            return {0, 1};
        case ValueKind::kU32:
            return {0, 0, 0, 3};
        case ValueKind::kU64:
            return {1, 2, 3, 4, 5, 6, 7, 8};
        case ValueKind::kString: {
            const std::string_view text = "sample.example.net";
            return std::vector<std::uint8_t>(
                text.begin(), text.begin() + static_cast<long>(std::min(length, text.size())));
        }
        case ValueKind::kSecret:
        case ValueKind::kBytes: {
            // Repeated LCP option "MRU 1500", so that the LCP CONFREQ AVPs are real LCP
            // options to tshark; any octets serve the other opaque AVPs.
            static constexpr std::uint8_t kMru[] = {0x01, 0x04, 0x05, 0xdc};
            std::vector<std::uint8_t> v(length);
            for (std::size_t i = 0; i < length; ++i) {
                v[i] = kMru[i % 4];
            }
            return v;
        }
        case ValueKind::kCookie:
            return filled(8, 0xc0);
        case ValueKind::kU16List:
            return {0, 5, 0, 4};
        case ValueKind::kResultCode:
            return {0, 1, 0, 0};
        case ValueKind::kProtocolVersion:
            return {1, 0};
        case ValueKind::kQ931Cause:
            return {0, 16, 1};
        case ValueKind::kCallErrors:
            return filled(26, 0);
        case ValueKind::kAccm:
            return {0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        case ValueKind::kProxyAuthenId:
            return {0, 7};
        case ValueKind::kMessageDigest: {
            std::vector<std::uint8_t> v = filled(17, 0);
            v[0] = static_cast<std::uint8_t>(DigestType::kHmacMd5);
            return v;
        }
        case ValueKind::kExtendedVendor:
            return {0, 0x01, 0x00, 0x00, 0, 1, 0xab};
    }
    throw std::logic_error("unhandled value kind");
}

void add_sample_avp(MessageBuilder& builder, const AvpSpec& spec, Visibility visibility) {
    const std::vector<std::uint8_t> value = sample_value(spec);
    switch (spec.kind) {
        case ValueKind::kU8:
        case ValueKind::kU16:
        case ValueKind::kU32:
        case ValueKind::kU64:
            builder.add_unsigned(spec.key, *parse_unsigned(value, value.size()), visibility);
            return;
        case ValueKind::kString:
            builder.add_text(
                spec.key,
                std::string_view(reinterpret_cast<const char*>(value.data()), value.size()),
                visibility);
            return;
        case ValueKind::kResultCode:
            builder.add_result_code(*parse_result_code(value));
            return;
        case ValueKind::kProtocolVersion:
            builder.add_protocol_version(*parse_protocol_version(value));
            return;
        default:
            builder.add_octets(spec.key, value, visibility);
            return;
    }
}

void add_rule_avps(MessageBuilder& builder, const MessageRule& rule, bool with_optional,
                   bool hide) {
    auto add = [&](AvpKey key) {
        const AvpSpec& spec = *find_avp_spec(key);
        if (placed_by_conversation(spec)) {
            return;
        }
        add_sample_avp(builder, spec,
                       hide && spec.may_be_hidden ? Visibility::kHidden : Visibility::kClear);
    };
    std::for_each(rule.required.begin(), rule.required.end(), add);
    if (with_optional) {
        std::for_each(rule.optional.begin(), rule.optional.end(), add);
    }
}

namespace {

struct Flavour {
    std::string name;
    ProtocolVersion version;
    Encapsulation encapsulation;
    bool hide;
    std::optional<DigestType> digest;
};

// Plays one conversation, each side keeping its Ns/Nr, with the v3 digests keyed by the
// nonces exchanged in SCCRQ / SCCRP (RFC 3931 §5.4.1).
void play(const Flavour& flavour, int conversation, std::vector<SampleMessage>& out) {
    const std::vector<std::uint8_t> initiator_nonce = filled(16, 0x11);
    const std::vector<std::uint8_t> responder_nonce = filled(16, 0x22);
    const SharedKey key = derive_shared_key(to_bytes(kSampleSecret));
    std::uint16_t ns[2] = {0, 0};  // [initiator, responder]
    bool from_initiator = true;
    for (const MessageRule& rule : all_message_rules()) {
        if (rule.version != flavour.version) {
            continue;
        }
        MessageBuilder builder(flavour.version, rule.type);
        if (flavour.digest) {
            builder.with_digest(*flavour.digest);
        }
        if (flavour.hide) {
            builder.hide_with(to_bytes(kSampleSecret), 3);
        }
        const bool first = rule.type == MessageType::kSccrq;
        if (flavour.digest && (first || rule.type == MessageType::kSccrp)) {
            builder.add_octets(avp::kControlMessageAuthNonce,
                               first ? initiator_nonce : responder_nonce);
        }
        add_rule_avps(builder, rule, true, flavour.hide);
        const int me = from_initiator ? 0 : 1;
        ControlHeader header;
        header.connection_id = first ? 0 : (from_initiator ? 0x2222 : 0x1111);
        header.session_id = rule.scope == MessageScope::kSession ? 0x0042 : 0;
        header.ns = ns[me]++;
        header.nr = ns[1 - me];
        BuiltMessage built = builder.finish(header);
        if (!built) {
            throw std::logic_error("sample " + std::string(message_type_name(rule.type)) + ": " +
                                   std::string(build_error_name(built.error)));
        }
        if (flavour.digest) {
            NoncePair nonces;
            if (!first) {
                nonces.local = from_initiator ? Bytes(initiator_nonce) : Bytes(responder_nonce);
                nonces.remote = from_initiator ? Bytes(responder_nonce) : Bytes(initiator_nonce);
            }
            sign_control_message(built.bytes, key, nonces);
        }
        SampleMessage sample{flavour.name + "-" + std::string(message_type_name(rule.type)),
                             conversation,
                             flavour.version,
                             flavour.encapsulation,
                             from_initiator,
                             {}};
        if (flavour.encapsulation == Encapsulation::kIp) {
            sample.packet.assign(kIpControlPrefixSize, 0);
        }
        sample.packet.insert(sample.packet.end(), built.bytes.begin(), built.bytes.end());
        out.push_back(std::move(sample));
        from_initiator = !from_initiator;
    }
}

}  // namespace

std::vector<SampleMessage> all_sample_messages() {
    const std::vector<Flavour> flavours = {
        {"v2", ProtocolVersion::kV2, Encapsulation::kUdp, false, std::nullopt},
        {"v2-hidden", ProtocolVersion::kV2, Encapsulation::kUdp, true, std::nullopt},
        {"v3-udp-md5", ProtocolVersion::kV3, Encapsulation::kUdp, false, DigestType::kHmacMd5},
        {"v3-ip-sha1", ProtocolVersion::kV3, Encapsulation::kIp, false, DigestType::kHmacSha1},
    };
    std::vector<SampleMessage> out;
    for (std::size_t i = 0; i < flavours.size(); ++i) {
        play(flavours[i], static_cast<int>(i), out);
    }
    return out;
}

std::vector<std::uint8_t> minimal_v2_sccrq(std::uint32_t assigned_tunnel_id,
                                           std::string_view host_name) {
    return MessageBuilder(ProtocolVersion::kV2, MessageType::kSccrq)
        .add_protocol_version({1, 0})
        .add_unsigned(avp::kFramingCapabilities, 3)
        .add_text(avp::kHostName, host_name)
        .add_unsigned(avp::kAssignedTunnelId, assigned_tunnel_id)
        .finish({})
        .bytes;
}

}  // namespace l2tp::testing
