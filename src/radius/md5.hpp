// MD5 of several pieces and HMAC-MD5, for the authenticators and the password ciphers
// (RFC 2865 §3, §5.2; RFC 2868 §3.5; RFC 3579 §3.2).
#pragma once

#include <initializer_list>

#include "l2tp/wire/bytes.hpp"
#include "l2tp/wire/md5_hash.hpp"

namespace l2tp::radius {

using wire::kMd5Size;
using wire::Md5Digest;

// MD5 of the pieces, in order, as one message.
Md5Digest md5(std::initializer_list<wire::Bytes> pieces);

Md5Digest hmac_md5(wire::Bytes key, wire::Bytes message);

}  // namespace l2tp::radius
