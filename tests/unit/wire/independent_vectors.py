#!/usr/bin/env python3
"""Computes the crypto test vectors of tests/unit/wire/*_test.cpp with Python's hashlib and
hmac, independently of the C++ code under test. Run it and paste its output when a vector is
added. Each function follows the RFC text directly."""
import hashlib
import hmac


def hide(attr_type: int, value: bytes, secret: bytes, rv: bytes, padding: bytes) -> bytes:
    """RFC 2661 §4.3: b1 = MD5(type + S + RV), bi = MD5(S + c(i-1)); c(i) = p(i) xor b(i)."""
    plain = len(value).to_bytes(2, "big") + value + padding
    out = b""
    key = hashlib.md5(attr_type.to_bytes(2, "big") + secret + rv).digest()
    for i in range(0, len(plain), 16):
        chunk = bytes(a ^ b for a, b in zip(plain[i:i + 16], key))
        out += chunk
        key = hashlib.md5(secret + chunk).digest()
    return out


def challenge_response(msg_type: int, secret: bytes, challenge: bytes) -> bytes:
    """RFC 2661 §4.4.3: MD5 of the message type octet, the secret and the challenge."""
    return hashlib.md5(bytes([msg_type]) + secret + challenge).digest()


def digest(algo: str, secret: bytes, nonces: bytes, message: bytes) -> bytes:
    """RFC 3931 §5.4.1: HMAC(HMAC_MD5(secret, 2), nonces + message)."""
    key = hmac.new(secret, b"\x02", hashlib.md5).digest()
    return hmac.new(key, nonces + message, algo).digest()


def c(data: bytes) -> str:
    return '"' + data.hex() + '"'


secret = b"tunnel-secret"
rv = bytes(range(16))
print("// hide(14 Assigned Session ID, 0x1234, no padding)", c(hide(14, b"\x12\x34", secret, rv, b"")))
print("// hide(30 Proxy Authen Name, 'subscriber@isp.example', 5 octets 0xee padding)",
      c(hide(30, b"subscriber@isp.example", secret, rv, b"\xee" * 5)))
print("// challenge_response(SCCRP=2, 'tunnel-secret', 00..0f)", c(challenge_response(2, secret, rv)))
print("// challenge_response(SCCCN=3, 'tunnel-secret', 'abc')", c(challenge_response(3, secret, b"abc")))

# An L2TPv3 HELLO (RFC 3931 §6.5) with an HMAC-MD5 digest, ccid 0x01020304, Ns 5 Nr 7,
# digest zeroed; and the same with HMAC-SHA-1.
def hello(digest_type: int, size: int) -> bytes:
    avps = bytes.fromhex("80080000" "0000" "0006")
    avps += (0x8000 | (7 + size)).to_bytes(2, "big") + b"\x00\x00\x00\x3b" + bytes([digest_type]) + bytes(size)
    header = (0xc803).to_bytes(2, "big") + (12 + len(avps)).to_bytes(2, "big")
    header += (0x01020304).to_bytes(4, "big") + (5).to_bytes(2, "big") + (7).to_bytes(2, "big")
    return header + avps

local = b"L" * 16
remote = b"R" * 16
print("// shared key", c(hmac.new(secret, b"\x02", hashlib.md5).digest()))
print("// shared key of the empty secret", c(hmac.new(b"", b"\x02", hashlib.md5).digest()))
print("// hello md5 zeroed", c(hello(0, 16)))
print("// hello md5 digest, sender nonce first", c(digest("md5", secret, local + remote, hello(0, 16))))
print("// hello sha1 zeroed", c(hello(1, 20)))
print("// hello sha1 digest, sender nonce first", c(digest("sha1", secret, local + remote, hello(1, 20))))
print("// hello md5 digest, no nonces (SCCRQ form)", c(digest("md5", secret, b"", hello(0, 16))))
