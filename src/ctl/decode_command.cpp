#include "ctl/decode_command.hpp"

#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_dump.hpp"

namespace l2tp::ctl {

namespace {

// An L2TPv2 SCCRQ laid out by hand from RFC 2661 §6.1 and §4.4: Protocol Version 1.0, framing
// sync+async, Host Name "lac.example", Vendor Name "l2tpd", Assigned Tunnel ID 0x1234,
// Receive Window Size 4.
constexpr std::string_view kSampleSccrq =
    "c8020064000000000000000080080000000000018008000000020100800a0000000300000003800a00000004"
    "0000000000080000000606908011000000076c61632e6578616d706c65000b000000086c3274706480080000"
    "0009123480080000000a0004";

struct DecodeArgs {
    std::string hex;
    std::string file;
    bool sample = false;
    bool ip = false;
    std::string secret;
    bool reveal = false;
};

std::vector<std::uint8_t> parse_hex(std::string_view text) {
    std::vector<std::uint8_t> out;
    int high = -1;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == ':') {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            throw std::invalid_argument(std::string("not a hex digit: '") + c + "'");
        }
        const int nibble = std::isdigit(static_cast<unsigned char>(c))
                               ? c - '0'
                               : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
        if (high < 0) {
            high = nibble;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | nibble));
            high = -1;
        }
    }
    if (high >= 0) {
        throw std::invalid_argument("odd number of hex digits");
    }
    return out;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::invalid_argument("cannot open " + path);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int run_decode(const DecodeArgs& args) {
    std::vector<std::uint8_t> packet;
    try {
        packet = args.sample         ? parse_hex(kSampleSccrq)
                 : args.file.empty() ? parse_hex(args.hex)
                                     : read_file(args.file);
    } catch (const std::invalid_argument& e) {
        std::cerr << "l2tpctl decode: " << e.what() << "\n";
        return 2;
    }
    const auto secret =
        wire::Bytes(reinterpret_cast<const std::uint8_t*>(args.secret.data()), args.secret.size());
    wire::ControlMessage message;
    const wire::DecodeError error = wire::decode_control_message(
        packet, args.ip ? wire::Encapsulation::kIp : wire::Encapsulation::kUdp,
        wire::DecodeOptions{secret}, message);
    if (error && error.action == wire::ErrorAction::kDrop) {
        std::cerr << "l2tpctl decode: " << wire::wire_error_name(error.code) << " at offset "
                  << error.offset << "\n";
        return 1;
    }
    std::cout << wire::dump_control_message(message, wire::DumpOptions{args.reveal});
    if (error) {
        std::cerr << "l2tpctl decode: " << wire::wire_error_name(error.code) << " (answer: result "
                  << error.result_code << " error " << static_cast<int>(error.error_code) << ")\n";
        return 1;
    }
    return 0;
}

}  // namespace

void add_decode_command(CLI::App& app) {
    auto args = std::make_shared<DecodeArgs>();
    CLI::App* decode = app.add_subcommand("decode", "Print a captured L2TP control message");
    auto* hex = decode->add_option("hex", args->hex, "The message in hex (spaces allowed)");
    auto* file = decode->add_option("-f,--file", args->file, "Read the raw message from a file")
                     ->check(CLI::ExistingFile);
    auto* sample = decode->add_flag("--sample", args->sample, "Decode an embedded sample SCCRQ");
    hex->excludes(file)->excludes(sample);
    file->excludes(sample);
    decode->add_flag("--ip", args->ip, "The message came over IP (L2TPv3, zero Session ID first)");
    decode->add_option("-s,--secret", args->secret, "Tunnel secret, to reveal hidden AVPs");
    decode->add_flag("--reveal-secrets", args->reveal,
                     "Print hidden AVP values and passwords in clear");
    decode->callback([args]() {
        if (args->hex.empty() && args->file.empty() && !args->sample) {
            throw CLI::RequiredError("one of HEX, --file or --sample");
        }
        const int code = run_decode(*args);
        if (code != 0) {
            throw CLI::RuntimeError(code);
        }
    });
}

}  // namespace l2tp::ctl
