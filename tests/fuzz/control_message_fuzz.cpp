// libFuzzer target: the control message parser and everything that reads received octets
// (header classification, data headers, digest check, hidden AVPs, dump). The first input
// octet chooses UDP or IP encapsulation; the rest is the packet.
#include <cstddef>
#include <cstdint>

#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/header.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/message_dump.hpp"

using namespace l2tp::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const Encapsulation encapsulation =
        (data[0] & 1) != 0 ? Encapsulation::kIp : Encapsulation::kUdp;
    const Bytes packet(data + 1, size - 1);
    static constexpr std::uint8_t kSecret[] = {'t', 'u', 'n', 'n', 'e', 'l', '-',
                                               's', 'e', 'c', 'r', 'e', 't'};

    const PacketClass kind = classify_packet(packet, encapsulation);
    if (kind.kind == PacketKind::kV2Data) {
        V2DataHeader header;
        Bytes payload;
        (void)decode_v2_data_header(packet, header, payload);
    } else if (kind.kind == PacketKind::kV3Data) {
        for (std::uint8_t cookie : {0, 4, 8}) {
            V3DataHeader header;
            Bytes payload;
            (void)decode_v3_data_header(packet, encapsulation, cookie, L2SpecificSublayer::kDefault,
                                        header, payload);
        }
    }

    ControlHeader header;
    Bytes message;
    if (decode_control_header(packet, encapsulation, header, message) == WireError::kNone) {
        const SharedKey keys[] = {derive_shared_key(Bytes(kSecret))};
        (void)verify_control_message(message, keys, NoncePair{});
    }
    ControlMessage decoded;
    const DecodeError error =
        decode_control_message(packet, encapsulation, DecodeOptions{Bytes(kSecret)}, decoded);
    if (!error || error.action != ErrorAction::kDrop) {
        (void)dump_control_message(decoded, DumpOptions{true});
    }
    return 0;
}
