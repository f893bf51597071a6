// A decoded control message and the decoder that validates it against the AVP catalog and the
// message rules (RFC 2661 §4–§6, RFC 3931 §5–§7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "l2tp/wire/avp.hpp"
#include "l2tp/wire/avp_catalog.hpp"
#include "l2tp/wire/header.hpp"
#include "l2tp/wire/message_rules.hpp"
#include "l2tp/wire/message_type.hpp"
#include "l2tp/wire/wire_error.hpp"

namespace l2tp::wire {

// One AVP of a decoded message.
struct Avp {
    AvpHeader header;               // as on the wire (hidden stays true after revealing)
    const AvpSpec* spec = nullptr;  // nullptr: not in the catalog (kept, skipped, reported)
    std::size_t offset = 0;         // of the AVP header within the message
    Bytes value;                    // revealed value for hidden AVPs
    // A recognised AVP without the M bit whose value does not fit its row: ignored
    // (RFC 3931 §7.1), kept here so that it can be logged.
    bool malformed = false;
};

struct DecodeOptions {
    Bytes secret;  // tunnel secret for hidden AVPs; empty when none is configured
};

class ControlMessage {
  public:
    [[nodiscard]] const ControlHeader& header() const { return header_; }
    // A ZLB carries no AVPs and so no message type (RFC 2661 §5.8).
    [[nodiscard]] bool is_zlb() const { return zlb_; }
    [[nodiscard]] MessageType type() const { return type_; }
    [[nodiscard]] const MessageRule* rule() const { return rule_; }
    [[nodiscard]] const std::vector<Avp>& avps() const { return avps_; }
    // The message as decoded, hidden values revealed in place.
    [[nodiscard]] Bytes bytes() const { return bytes_; }

    // The first well-formed AVP with this key or whose IETF equivalent is this key (so a Cisco
    // peer's vendor-9 AVP answers for its RFC 3931 twin).
    [[nodiscard]] const Avp* find(AvpKey key) const;
    [[nodiscard]] bool has(AvpKey key) const { return find(key) != nullptr; }
    [[nodiscard]] std::optional<std::uint64_t> unsigned_value(AvpKey key) const;
    [[nodiscard]] std::optional<Bytes> octets(AvpKey key) const;
    [[nodiscard]] std::optional<std::string_view> text(AvpKey key) const;

    // AVPs not in the catalog (M bit clear), and recognised AVPs the message's rule does not
    // list: both are kept and reported, never fatal.
    [[nodiscard]] std::size_t unknown_avp_count() const { return unknown_avps_; }
    [[nodiscard]] std::size_t unexpected_avp_count() const { return unexpected_avps_; }
    [[nodiscard]] std::size_t malformed_avp_count() const { return malformed_avps_; }

  private:
    friend DecodeError decode_control_message(Bytes, Encapsulation, const DecodeOptions&,
                                              ControlMessage&);

    ControlHeader header_;
    bool zlb_ = false;
    MessageType type_{};
    const MessageRule* rule_ = nullptr;
    std::vector<std::uint8_t> bytes_;
    std::vector<Avp> avps_;
    std::size_t unknown_avps_ = 0;
    std::size_t unexpected_avps_ = 0;
    std::size_t malformed_avps_ = 0;
};

// Decodes and validates one received control packet. On failure the error names the RFC's
// answer (drop, ignore, StopCCN or CDN with Result/Error Code). The message digest is not
// checked here: verify_control_message runs first, on the raw packet, with the tunnel's keys.
DecodeError decode_control_message(Bytes packet, Encapsulation encapsulation,
                                   const DecodeOptions& options, ControlMessage& out);

}  // namespace l2tp::wire
