"""Hand-built L2TP control packets for the namespace tests: what a hostile or broken peer sends."""
import struct


def avp(attribute, value, flags=0x8000):
    """An IETF AVP, mandatory unless `flags` says otherwise (RFC 2661 §4.1)."""
    return struct.pack("!HHH", flags | (6 + len(value)), 0, attribute) + value


def v2(body, tunnel=0, ns=0, nr=0):
    """An L2TPv2 control message (RFC 2661 §3.1) with the given AVPs."""
    return struct.pack("!HHHHHH", 0xc802, 12 + len(body), tunnel, 0, ns, nr) + body


def avps(packet, offset=12):
    """The AVPs of a received control message, by (vendor, attribute)."""
    out = {}
    while offset + 6 <= len(packet):
        flags_len, vendor, attribute = struct.unpack_from("!HHH", packet, offset)
        length = flags_len & 0x3ff
        out[(vendor, attribute)] = packet[offset + 6:offset + length]
        offset += max(length, 6)
    return out
