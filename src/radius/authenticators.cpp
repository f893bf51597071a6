#include "radius/authenticators.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <optional>

#include "radius/md5.hpp"

namespace l2tp::radius {

namespace {

constexpr Authenticator kZeroAuthenticator{};

// Where the value of the packet's Message-Authenticator sits in its encoding; nullopt when there
// is none, and `count` says how many there are.
std::optional<std::size_t> message_authenticator_offset(const Packet& packet, std::size_t& count) {
    std::optional<std::size_t> found;
    std::size_t offset = kHeaderSize;
    count = 0;
    for (const Attribute& attribute : packet.attributes) {
        if (attribute.type == attr::kMessageAuthenticator) {
            ++count;
            found = found.value_or(offset + kAttributeHeaderSize);
        }
        offset += kAttributeHeaderSize + attribute.value.size();
    }
    return found;
}

// HMAC-MD5 over `encoded` with `field` in the Authenticator and the Message-Authenticator
// value at `offset` read as zeros.
Md5Digest message_authenticator(std::vector<std::uint8_t> encoded, std::size_t offset,
                                const Authenticator& field, wire::Bytes secret) {
    std::ranges::copy(field, encoded.begin() + kAuthenticatorOffset);
    std::fill_n(encoded.begin() + static_cast<std::ptrdiff_t>(offset), kMd5Size, 0);
    return hmac_md5(secret, encoded);
}

// MD5(Code + Identifier + Length + field + Attributes + S).
Authenticator packet_authenticator(wire::Bytes encoded, const Authenticator& field,
                                   wire::Bytes secret) {
    return md5({encoded.first(kAuthenticatorOffset), field, encoded.subspan(kHeaderSize), secret});
}

bool equal_in_constant_time(wire::Bytes a, wire::Bytes b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Fills the Message-Authenticator, then the authenticator, of `packet` and encodes it; `field`
// is what both computations see in the Authenticator field.
EncodeFault sign(Packet& packet, const Authenticator& field, bool computes_authenticator,
                 wire::Bytes secret, std::vector<std::uint8_t>& out) {
    if (const EncodeFault fault = encode_packet(packet, out); fault != EncodeFault::kNone) {
        return fault;
    }
    std::size_t count = 0;
    if (const auto offset = message_authenticator_offset(packet, count)) {
        const Md5Digest mac = message_authenticator(out, *offset, field, secret);
        std::ranges::copy(mac, out.begin() + static_cast<std::ptrdiff_t>(*offset));
        std::ranges::find(packet.attributes, attr::kMessageAuthenticator, &Attribute::type)
            ->value.assign(mac.begin(), mac.end());
    }
    if (computes_authenticator) {
        packet.authenticator = packet_authenticator(out, field, secret);
        std::ranges::copy(packet.authenticator, out.begin() + kAuthenticatorOffset);
    }
    return EncodeFault::kNone;
}

Verdict verify(const Packet& packet, const Authenticator& field, bool computes_authenticator,
               wire::Bytes secret, MessageAuthenticator policy) {
    std::vector<std::uint8_t> encoded;
    if (encode_packet(packet, encoded) != EncodeFault::kNone) {
        return Verdict::kBadAuthenticator;  // no packet decode_packet accepts gets here
    }
    if (computes_authenticator &&
        !equal_in_constant_time(packet_authenticator(encoded, field, secret),
                                packet.authenticator)) {
        return Verdict::kBadAuthenticator;
    }
    std::size_t count = 0;
    const auto offset = message_authenticator_offset(packet, count);
    if (!offset) {
        return policy == MessageAuthenticator::kRequire ? Verdict::kMissingMessageAuthenticator
                                                        : Verdict::kAuthentic;
    }
    // A packet read by decode_framing alone may carry a Message-Authenticator of another size.
    const Attribute* mac =
        &*std::ranges::find(packet.attributes, attr::kMessageAuthenticator, &Attribute::type);
    if (mac->value.size() != kMd5Size) {
        return Verdict::kBadMessageAuthenticator;
    }
    const wire::Bytes received = wire::Bytes(encoded).subspan(*offset, kMd5Size);
    if (count > 1 ||
        !equal_in_constant_time(message_authenticator(encoded, *offset, field, secret), received)) {
        return Verdict::kBadMessageAuthenticator;
    }
    return Verdict::kAuthentic;
}

// What a request's authenticator computations see in its Authenticator field.
const Authenticator& request_field(const Packet& request) {
    return has_computed_request_authenticator(request.code) ? kZeroAuthenticator
                                                            : request.authenticator;
}

}  // namespace

bool has_computed_request_authenticator(PacketCode code) {
    return code == PacketCode::kAccountingRequest || code == PacketCode::kDisconnectRequest ||
           code == PacketCode::kCoaRequest;
}

EncodeFault sign_request(Packet& request, wire::Bytes secret, std::vector<std::uint8_t>& out) {
    const Authenticator field = request_field(request);
    return sign(request, field, has_computed_request_authenticator(request.code), secret, out);
}

EncodeFault sign_response(Packet& response, const Authenticator& request_authenticator,
                          wire::Bytes secret, std::vector<std::uint8_t>& out) {
    return sign(response, request_authenticator, true, secret, out);
}

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::kAuthentic:
            return "authentic";
        case Verdict::kBadAuthenticator:
            return "bad authenticator";
        case Verdict::kMissingMessageAuthenticator:
            return "missing Message-Authenticator";
        case Verdict::kBadMessageAuthenticator:
            return "bad Message-Authenticator";
    }
    return "unknown verdict";
}

Verdict verify_request(const Packet& request, wire::Bytes secret, MessageAuthenticator policy) {
    return verify(request, request_field(request), has_computed_request_authenticator(request.code),
                  secret, policy);
}

Verdict verify_response(const Packet& response, const Authenticator& request_authenticator,
                        wire::Bytes secret, MessageAuthenticator policy) {
    return verify(response, request_authenticator, true, secret, policy);
}

}  // namespace l2tp::radius
