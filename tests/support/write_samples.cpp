// Writes the sample conversations either as a pcap of IPv4 packets (UDP port 1701 or IP
// protocol 115), for tshark to judge, or as one raw file per message, as a fuzz seed corpus.
// The addresses are documentation addresses (RFC 5737) inside a file: nothing is sent.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "support/sample_messages.hpp"

namespace {

using l2tp::testing::SampleMessage;

constexpr std::uint16_t kL2tpPort = 1701;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint8_t kProtoL2tp = 115;
constexpr std::uint32_t kLinkTypeRaw = 101;  // LINKTYPE_RAW: packets start with the IP header

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

void put32le(std::ostream& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
    out.write(b, 4);
}

std::vector<std::uint8_t> ipv4_packet(const SampleMessage& m) {
    const bool udp = m.encapsulation == l2tp::wire::Encapsulation::kUdp;
    const std::uint8_t a = static_cast<std::uint8_t>(1 + 2 * m.conversation);
    const std::uint8_t src = m.from_initiator ? a : static_cast<std::uint8_t>(a + 1);
    const std::uint8_t dst = m.from_initiator ? static_cast<std::uint8_t>(a + 1) : a;
    const std::size_t total = 20 + (udp ? 8 : 0) + m.packet.size();
    std::vector<std::uint8_t> out;
    out.push_back(0x45);
    out.push_back(0);
    put16(out, static_cast<std::uint16_t>(total));
    put16(out, 0);       // identification
    put16(out, 0x4000);  // don't fragment
    out.push_back(64);
    out.push_back(udp ? kProtoUdp : kProtoL2tp);
    put16(out, 0);  // checksum, below
    for (std::uint8_t host : {src, dst}) {
        out.insert(out.end(), {192, 0, 2, host});
    }
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2) {
        sum += static_cast<std::uint32_t>(out[i] << 8 | out[i + 1]);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    out[10] = static_cast<std::uint8_t>(~sum >> 8);
    out[11] = static_cast<std::uint8_t>(~sum);
    if (udp) {
        put16(out, kL2tpPort);
        put16(out, kL2tpPort);
        put16(out, static_cast<std::uint16_t>(8 + m.packet.size()));
        put16(out, 0);  // no checksum (allowed over IPv4)
    }
    out.insert(out.end(), m.packet.begin(), m.packet.end());
    return out;
}

int write_pcap(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    put32le(out, 0xa1b2c3d4);
    put32le(out, 0x00040002);  // version 2.4
    put32le(out, 0);
    put32le(out, 0);
    put32le(out, 65535);
    put32le(out, kLinkTypeRaw);
    std::uint32_t second = 1;
    for (const SampleMessage& m : l2tp::testing::all_sample_messages()) {
        const std::vector<std::uint8_t> packet = ipv4_packet(m);
        put32le(out, second++);
        put32le(out, 0);
        put32le(out, static_cast<std::uint32_t>(packet.size()));
        put32le(out, static_cast<std::uint32_t>(packet.size()));
        out.write(reinterpret_cast<const char*>(packet.data()),
                  static_cast<std::streamsize>(packet.size()));
    }
    return out ? 0 : 1;
}

int write_seeds(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    for (const SampleMessage& m : l2tp::testing::all_sample_messages()) {
        std::ofstream out(dir / m.name, std::ios::binary);
        // The fuzz target's first octet selects the encapsulation (see its source).
        out.put(m.encapsulation == l2tp::wire::Encapsulation::kIp ? 1 : 0);
        out.write(reinterpret_cast<const char*>(m.packet.data()),
                  static_cast<std::streamsize>(m.packet.size()));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc == 3 ? argv[1] : "";
    if (mode == "--pcap") {
        return write_pcap(argv[2]);
    }
    if (mode == "--seeds") {
        return write_seeds(argv[2]);
    }
    std::cerr << "usage: l2tp_write_samples --pcap FILE | --seeds DIR\n";
    return 2;
}
