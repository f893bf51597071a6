// Structured AVP values: the layouts of RFC 2661 §4.4 and RFC 3931 §5.4 that are more than a
// single integer or string, and the per-kind check a received value must pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "l2tp/wire/avp_catalog.hpp"
#include "l2tp/wire/bytes.hpp"

namespace l2tp::wire {

// Result Code (RFC 2661 §4.4.2, RFC 3931 §5.4.2):
//   | Result Code (2) | Error Code (2, optional) | Error Message ... (optional) |
struct ResultCodeValue {
    std::uint16_t result = 0;
    std::optional<std::uint16_t> error;
    std::string_view message;
};
std::optional<ResultCodeValue> parse_result_code(Bytes value);
void write_result_code(ByteWriter& out, const ResultCodeValue& value);

// Protocol Version (RFC 2661 §4.4.3): | Ver (1) | Rev (1) |
struct ProtocolVersionValue {
    std::uint8_t version = 1;
    std::uint8_t revision = 0;
};
std::optional<ProtocolVersionValue> parse_protocol_version(Bytes value);

// Q.931 Cause Code (RFC 2661 §4.4.10): | Cause Code (2) | Cause Msg (1) | Advisory Msg ... |
struct Q931CauseValue {
    std::uint16_t cause = 0;
    std::uint8_t message = 0;
    std::string_view advisory;
};
std::optional<Q931CauseValue> parse_q931_cause(Bytes value);

// Reads an unsigned integer value of 1, 2, 4 or 8 octets (exactly that many).
std::optional<std::uint64_t> parse_unsigned(Bytes value, std::size_t width);

// Whether a received value fits its catalog row: length within bounds and the structure of
// its kind (a Message Digest's type matching its length, a list of whole u16 values, ...).
bool avp_value_is_well_formed(const AvpSpec& spec, Bytes value);

}  // namespace l2tp::wire
