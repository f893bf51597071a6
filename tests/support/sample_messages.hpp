// Valid control messages of every type, built from the catalog and the message rules, for the
// unit tests, the tshark decode test, the fuzz seed corpus and the benchmarks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/wire/avp_catalog.hpp"
#include "l2tp/wire/message_builder.hpp"

namespace l2tp::testing {

inline constexpr std::string_view kSampleSecret = "tunnel-secret";

inline wire::Bytes to_bytes(std::string_view text) {
    return wire::Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// A value that fits the catalog row of `spec` (right length and structure).
std::vector<std::uint8_t> sample_value(const wire::AvpSpec& spec);

// Adds `key` with sample_value to a builder (typed, so integers and strings go through the
// builder's own encoders).
void add_sample_avp(wire::MessageBuilder& builder, const wire::AvpSpec& spec,
                    wire::Visibility visibility = wire::Visibility::kClear);

// Adds every required AVP of the rule, and with `with_optional` every optional IETF one too.
// Hideable AVPs are hidden when the builder was given a secret and `hide` is set.
void add_rule_avps(wire::MessageBuilder& builder, const wire::MessageRule& rule, bool with_optional,
                   bool hide);

struct SampleMessage {
    std::string name;
    int conversation;  // index of the flavour's conversation
    wire::ProtocolVersion version;
    wire::Encapsulation encapsulation;
    bool from_initiator;               // direction within its conversation
    std::vector<std::uint8_t> packet;  // as sent: over IP with the zero Session ID prefix
};

// One conversation per flavour: L2TPv2 (clear and with hidden AVPs), L2TPv3 over UDP and over
// IP with HMAC-MD5 / HMAC-SHA-1 digests and nonces: every message type of each version, in an
// order where every digest can be checked with the nonces exchanged before it.
std::vector<SampleMessage> all_sample_messages();

// The smallest SCCRQ an L2TPv2 LAC opens a tunnel with (RFC 2661 §6.1: Protocol Version,
// Framing Capabilities, Host Name, Assigned Tunnel ID), over UDP, no tunnel secret.
std::vector<std::uint8_t> minimal_v2_sccrq(std::uint32_t assigned_tunnel_id,
                                           std::string_view host_name = "lac");

}  // namespace l2tp::testing
