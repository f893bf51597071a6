// L2TPv3 Control Message Authentication (RFC 3931 §4.3, §5.4.1). The Message Digest AVP sits
// right after the Message Type AVP (a second one may follow it) and holds
//   | Digest Type (1) | HMAC (16 for HMAC-MD5, 20 for HMAC-SHA-1) |
// computed with the digest octets zeroed as
//   shared_key = HMAC_MD5(shared_secret, 0x02)
//   SCCRQ:  HMAC_Hash(shared_key, control_message)
//   others: HMAC_Hash(shared_key, sender's nonce + receiver's nonce + control_message)
// where control_message starts at the T bit (after the zero Session ID over IP).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/wire_error.hpp"

namespace l2tp::wire {

enum class DigestType : std::uint8_t { kHmacMd5 = 0, kHmacSha1 = 1 };

std::size_t digest_size(DigestType type);

inline constexpr std::size_t kSharedKeySize = 16;
using SharedKey = std::array<std::uint8_t, kSharedKeySize>;

SharedKey derive_shared_key(Bytes shared_secret);

// The nonces of a control connection as this side sees them. Both are empty for an SCCRQ and
// for an integrity-only digest (authentication disabled: RFC 3931 §4.3).
struct NoncePair {
    Bytes local;
    Bytes remote;
};

// Fills every Message Digest AVP of an encoded control message (IETF 0:59 or Cisco 9:12),
// each with its own Digest Type, as the sender: local nonce first. Returns kMissingDigest if
// the message has no digest AVP in the place the RFC fixes.
WireError sign_control_message(MutableBytes message, const SharedKey& key, NoncePair nonces);

// Checks a received control message as the receiver: the peer's (remote) nonce first. The
// message is accepted if any of its digest AVPs matches under any of `keys` (two keys and two
// digests allow a secret or algorithm to be changed without an outage).
WireError verify_control_message(Bytes message, std::span<const SharedKey> keys, NoncePair nonces);

}  // namespace l2tp::wire
