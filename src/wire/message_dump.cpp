#include "l2tp/wire/message_dump.hpp"

#include <string_view>

#include "l2tp/wire/avp_value.hpp"
#include "l2tp/wire/printable.hpp"

namespace l2tp::wire {

namespace {

void append_hex(std::string& out, Bytes value) {
    out += to_hex(value);
}

void append_quoted(std::string& out, Bytes value) {
    out.push_back('"');
    out += printable(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
    out.push_back('"');
}

void append_text(std::string& out, std::string_view text) {
    append_quoted(out, Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void append_value(std::string& out, const AvpSpec& spec, Bytes value) {
    switch (spec.kind) {
        case ValueKind::kEmpty:
            out += "(present)";
            return;
        case ValueKind::kSecret:
            out += "<secret " + std::to_string(value.size()) + " octets>";
            return;
        case ValueKind::kU8:
        case ValueKind::kU16:
        case ValueKind::kU32:
        case ValueKind::kU64:
            out += std::to_string(parse_unsigned(value, value.size()).value_or(0));
            return;
        case ValueKind::kString:
            append_quoted(out, value);
            return;
        case ValueKind::kU16List:
            for (std::size_t i = 0; i + 1 < value.size(); i += 2) {
                out.append(i == 0 ? "" : ",").append(std::to_string(load_u16(value, i)));
            }
            return;
        case ValueKind::kResultCode: {
            const auto rc = parse_result_code(value);
            out += "result " + std::to_string(rc->result);
            if (rc->error) {
                out += " error " + std::to_string(*rc->error);
            }
            if (!rc->message.empty()) {
                out += " message ";
                append_text(out, rc->message);
            }
            return;
        }
        case ValueKind::kProtocolVersion: {
            const auto pv = parse_protocol_version(value);
            out += std::to_string(pv->version) + "." + std::to_string(pv->revision);
            return;
        }
        case ValueKind::kQ931Cause: {
            const auto cause = parse_q931_cause(value);
            out += "cause " + std::to_string(cause->cause) + " message " +
                   std::to_string(cause->message);
            if (!cause->advisory.empty()) {
                out += " advisory ";
                append_text(out, cause->advisory);
            }
            return;
        }
        case ValueKind::kMessageDigest:
            out += value[0] == 0 ? "HMAC-MD5 " : "HMAC-SHA-1 ";
            append_hex(out, value.subspan(1));
            return;
        case ValueKind::kBytes:
        case ValueKind::kCookie:
        case ValueKind::kCallErrors:
        case ValueKind::kAccm:
        case ValueKind::kProxyAuthenId:
        case ValueKind::kExtendedVendor:
            out += "0x";
            append_hex(out, value);
            return;
    }
}

}  // namespace

std::string dump_control_message(const ControlMessage& message, const DumpOptions& options) {
    const ControlHeader& h = message.header();
    std::string out;
    out += "L2TPv" + std::to_string(static_cast<int>(h.version)) + " ";
    if (message.is_zlb()) {
        out += "ZLB";
    } else {
        const std::string_view name = message_type_name(message.type());
        out += name.empty() ? "type " + std::to_string(static_cast<int>(message.type()))
                            : std::string(name);
    }
    out += h.version == ProtocolVersion::kV2 ? " tunnel " : " ccid ";
    out += std::to_string(h.connection_id);
    if (h.version == ProtocolVersion::kV2) {
        out += " session " + std::to_string(h.session_id);
    }
    out += " Ns " + std::to_string(h.ns) + " Nr " + std::to_string(h.nr) + " length " +
           std::to_string(h.length) + "\n";
    for (const Avp& avp : message.avps()) {
        out += "  ";
        out += avp.header.mandatory ? 'M' : '-';
        out += avp.header.hidden ? 'H' : '-';
        out += ' ';
        out += avp.spec != nullptr ? std::string(avp.spec->name) : std::string("Unknown AVP");
        out += " (" + std::to_string(avp.header.key.vendor) + ":" +
               std::to_string(avp.header.key.type) + "): ";
        if (avp.header.hidden && !options.reveal_secrets) {
            out += "<hidden " + std::to_string(avp.value.size()) + " octets>";
        } else if (avp.spec == nullptr || avp.malformed ||
                   (avp.spec->kind == ValueKind::kSecret && options.reveal_secrets)) {
            out += (avp.malformed ? "malformed 0x" : "0x");
            append_hex(out, avp.value);
        } else {
            append_value(out, *avp.spec, avp.value);
            if (avp.spec->key == avp::kMessageType) {
                out += " (" + std::string(message_type_name(message.type())) + ")";
            }
        }
        out += "\n";
    }
    return out;
}

}  // namespace l2tp::wire
