// libFuzzer target: the RADIUS codec on received octets: decode, the authenticator checks, the
// typed getters, both password ciphers, and a Disconnect-Request's or CoA-Request's reading and
// answer (signed first, so that the reading gets past the authenticator). A datagram that decodes
// must encode back to the same octets (up to its Length): decode keeps everything it accepts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "radius/authenticators.hpp"
#include "radius/disconnect_answer.hpp"
#include "radius/disconnect_request.hpp"
#include "radius/packet.hpp"
#include "radius/tunnel_password.hpp"
#include "radius/user_password.hpp"

using namespace l2tp::radius;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::uint8_t kSecret[] = {'r', 'a', 'd', 'i', 'u', 's', '-',
                                               's', 'e', 'c', 'r', 'e', 't'};
    const Bytes datagram(data, size);
    Packet packet;
    if (const DecodeError error = decode_packet(datagram, packet)) {
        (void)describe(error);
        return 0;
    }
    std::vector<std::uint8_t> encoded;
    if (encode_packet(packet, encoded) != EncodeFault::kNone ||
        !std::ranges::equal(encoded, datagram.first(encoded.size()))) {
        __builtin_trap();
    }

    (void)verify_request(packet, kSecret, MessageAuthenticator::kRequire);
    (void)verify_response(packet, packet.authenticator, kSecret, MessageAuthenticator::kRequire);
    for (const Attribute& attribute : packet.attributes) {
        (void)as_integer(attribute);
        (void)as_text(attribute);
        (void)as_ipv4_address(attribute);
        (void)as_ipv6_address(attribute);
        (void)as_ipv6_prefix(attribute);
        (void)as_tagged_integer(attribute);
        (void)as_tagged_string(attribute);
        (void)tag_of(attribute);
        if (attribute.type == attr::kUserPassword) {
            (void)reveal_user_password(attribute.value, kSecret, packet.authenticator);
        } else if (attribute.type == attr::kTunnelPassword) {
            (void)decrypt_tunnel_password(attribute.value, kSecret, packet.authenticator);
        }
    }
    if (packet.code == PacketCode::kDisconnectRequest || packet.code == PacketCode::kCoaRequest) {
        std::vector<std::uint8_t> signed_octets;
        if (sign_request(packet, kSecret, signed_octets) == EncodeFault::kNone) {
            const DasIdentity nas{"lns1.example.net", Ipv4Address{192, 0, 2, 1}, std::nullopt};
            const DisconnectReading reading =
                read_disconnect_request(signed_octets, kSecret, nas, {300, false}, 1700000000);
            if (reading.verdict == DisconnectVerdict::kNak ||
                reading.verdict == DisconnectVerdict::kDisconnect) {
                (void)disconnect_answer(reading.request, reading.error_cause, kSecret);
            }
        }
    }
    return 0;
}
