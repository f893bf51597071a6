// L2TPv2 tunnel authentication (RFC 2661 §4.4.3, §5.1.1): the Challenge Response is
// MD5(ID + secret + challenge), CHAP-style, with ID the Message Type of the message that
// carries the response (2 in an SCCRP, 3 in an SCCCN).
#pragma once

#include <array>
#include <cstdint>

#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/message_type.hpp"

namespace l2tp::wire {

inline constexpr std::size_t kChallengeResponseSize = 16;
using ChallengeResponse = std::array<std::uint8_t, kChallengeResponseSize>;

ChallengeResponse compute_challenge_response(MessageType carrying_message, Bytes secret,
                                             Bytes challenge);

// Compares in constant time, so that a forged response learns nothing from timing.
bool challenge_response_matches(const ChallengeResponse& expected, Bytes received);

}  // namespace l2tp::wire
