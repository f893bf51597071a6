#!/usr/bin/env python3
"""Computes the RADIUS test vectors of tests/unit/radius/*_test.cpp with Python's hashlib and
hmac, independently of the C++ code under test. Run it and paste its output when a vector is
added. Each function follows the RFC text directly."""
import hashlib
import hmac

SECRET = b"radius-secret"
RA = bytes(range(16))


def attr(type_: int, value: bytes) -> bytes:
    return bytes([type_, 2 + len(value)]) + value


def header(code: int, ident: int, auth: bytes, attrs: bytes) -> bytes:
    return bytes([code, ident]) + (20 + len(attrs)).to_bytes(2, "big") + auth + attrs


def with_message_authenticator(code, ident, field, attrs_before, attrs_after):
    """RFC 3579 §3.2, RFC 5176 §3.1: HMAC-MD5 over the packet with `field` as authenticator and
    the Message-Authenticator's value zeroed."""
    zeroed = attrs_before + attr(80, bytes(16)) + attrs_after
    mac = hmac.new(SECRET, header(code, ident, field, zeroed), hashlib.md5).digest()
    return attrs_before + attr(80, mac) + attrs_after


def signed_request(code, ident, attrs_before, attrs_after):
    """RFC 2866 §3, RFC 5176 §2.3: MA with a zero authenticator, then
    MD5(Code + Identifier + Length + 16 zero octets + Attributes + S)."""
    attrs = with_message_authenticator(code, ident, bytes(16), attrs_before, attrs_after)
    auth = hashlib.md5(header(code, ident, bytes(16), attrs) + SECRET).digest()
    return header(code, ident, auth, attrs)


def signed_response(code, ident, request_auth, attrs_before, attrs_after):
    """RFC 2865 §3, RFC 5176 §3.1: MA with the request's authenticator, then
    MD5(Code + Identifier + Length + Request Authenticator + Attributes + S)."""
    attrs = with_message_authenticator(code, ident, request_auth, attrs_before, attrs_after)
    auth = hashlib.md5(header(code, ident, request_auth, attrs) + SECRET).digest()
    return header(code, ident, auth, attrs)


def stream(plain: bytes, seed: bytes) -> bytes:
    """RFC 2865 §5.2 / RFC 2868 §3.5: b1 = MD5(S + seed), bi = MD5(S + c(i-1))."""
    out, prev = b"", seed
    for i in range(0, len(plain), 16):
        key = hashlib.md5(SECRET + prev).digest()
        prev = bytes(a ^ b for a, b in zip(plain[i:i + 16], key))
        out += prev
    return out


def user_password(password: bytes) -> bytes:
    padded = password + bytes(-len(password) % 16)
    return stream(padded, RA)


def tunnel_password(tag: int, salt: bytes, password: bytes) -> bytes:
    plain = bytes([len(password)]) + password
    plain += bytes(-len(plain) % 16)
    return bytes([tag]) + salt + stream(plain, RA + salt)


accounting = signed_request(
    4, 0x2a, attr(40, (1).to_bytes(4, "big")) + attr(44, b"l2tpd-0001"),
    attr(61, (5).to_bytes(4, "big")))
print("// Accounting-Request, Start, Acct-Session-Id l2tpd-0001, MA, NAS-Port-Type Virtual:")
print('"' + accounting.hex() + '"')
disconnect = signed_request(40, 7, attr(1, b"nemo") + attr(44, b"l2tpd-0001"), b"")
print("// Disconnect-Request, User-Name nemo, Acct-Session-Id l2tpd-0001, MA:")
print('"' + disconnect.hex() + '"')
nak = signed_response(42, 7, disconnect[4:20], attr(101, (503).to_bytes(4, "big")), b"")
print("// its Disconnect-NAK, Error-Cause 503, MA:")
print('"' + nak.hex() + '"')
print("// User-Password 'a-password-longer-than-one-block' under RA 00..0f:")
print('"' + user_password(b"a-password-longer-than-one-block").hex() + '"')
print("// Tunnel-Password tag 1, salt 0x8123, 'l2tp-tunnel-secret' under RA 00..0f:")
print('"' + tunnel_password(1, b"\x81\x23", b"l2tp-tunnel-secret").hex() + '"')


def plain_response(code, ident, request_auth, attrs):
    """RFC 2865 §3 without Message-Authenticator."""
    auth = hashlib.md5(header(code, ident, request_auth, attrs) + SECRET).digest()
    return header(code, ident, auth, attrs)


# radclient's Disconnect-Requests of disconnect_request_test.cpp.
radclient_with_proxy_state = bytes.fromhex(
    "2809003f72cfe927514cc0f308aa11ea268907e0010a7061702d757365722107666972737421087365636f6e64"
    "5012364a08e3efb44acaeef8f601f19084e9")
ack = signed_response(41, 0x09, radclient_with_proxy_state[4:20], b"",
                      attr(33, b"first") + attr(33, b"second"))
print("// the Disconnect-ACK to radclient's request with two Proxy-States and MA:")
print('"' + ack.hex() + '"')
radclient_by_session_id = bytes.fromhex(
    "28f6003f65d9ba4a55f61d3ff8fc714495cd15722c1335463545313030302d303030303030324120126c6e7331"
    "2e6578616d706c652e6e657437066553f100")
not_found = plain_response(42, 0xf6, radclient_by_session_id[4:20],
                           attr(101, (503).to_bytes(4, "big")))
print("// the Disconnect-NAK, Error-Cause 503, to radclient's request by Acct-Session-Id:")
print('"' + not_found.hex() + '"')
