#include "l2tp/wire/avp_value.hpp"

#include "l2tp/wire/message_digest.hpp"

namespace l2tp::wire {

std::optional<ResultCodeValue> parse_result_code(Bytes value) {
    // Length 2 (result only), 4 (with error) or more (with message); 3 is malformed.
    if (value.size() < 2 || value.size() == 3) {
        return std::nullopt;
    }
    ResultCodeValue out;
    out.result = load_u16(value, 0);
    if (value.size() >= 4) {
        out.error = load_u16(value, 2);
        const Bytes text = value.subspan(4);
        out.message = std::string_view(reinterpret_cast<const char*>(text.data()), text.size());
    }
    return out;
}

void write_result_code(ByteWriter& out, const ResultCodeValue& value) {
    out.u16(value.result);
    if (value.error || !value.message.empty()) {
        out.u16(value.error.value_or(0));
        out.text(value.message);
    }
}

std::optional<ProtocolVersionValue> parse_protocol_version(Bytes value) {
    if (value.size() != 2) {
        return std::nullopt;
    }
    return ProtocolVersionValue{value[0], value[1]};
}

std::optional<Q931CauseValue> parse_q931_cause(Bytes value) {
    if (value.size() < 3) {
        return std::nullopt;
    }
    const Bytes text = value.subspan(3);
    return Q931CauseValue{
        load_u16(value, 0), value[2],
        std::string_view(reinterpret_cast<const char*>(text.data()), text.size())};
}

std::optional<std::uint64_t> parse_unsigned(Bytes value, std::size_t width) {
    if (value.size() != width) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (std::uint8_t b : value) {
        v = (v << 8) | b;
    }
    return v;
}

bool avp_value_is_well_formed(const AvpSpec& spec, Bytes value) {
    if (value.size() < spec.min_value_length || value.size() > spec.max_value_length) {
        return false;
    }
    switch (spec.kind) {
        case ValueKind::kResultCode:
            return parse_result_code(value).has_value();
        case ValueKind::kU16List:
            return value.size() % 2 == 0;
        case ValueKind::kCookie:
            return value.empty() || value.size() == 4 || value.size() == 8;
        case ValueKind::kMessageDigest: {
            const auto type = static_cast<DigestType>(value[0]);
            return (type == DigestType::kHmacMd5 || type == DigestType::kHmacSha1) &&
                   value.size() == 1 + digest_size(type);
        }
        case ValueKind::kEmpty:
        case ValueKind::kU8:
        case ValueKind::kU16:
        case ValueKind::kU32:
        case ValueKind::kU64:
        case ValueKind::kBytes:
        case ValueKind::kSecret:
        case ValueKind::kString:
        case ValueKind::kProtocolVersion:
        case ValueKind::kQ931Cause:
        case ValueKind::kCallErrors:
        case ValueKind::kAccm:
        case ValueKind::kProxyAuthenId:
        case ValueKind::kExtendedVendor:
            return true;  // fixed or free layouts: the catalog's length bounds say it all
    }
    return false;
}

}  // namespace l2tp::wire
