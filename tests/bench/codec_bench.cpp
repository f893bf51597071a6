// Parse and build costs of typical control messages (issue: >= 1 000 000 ICRQ parses/s on one
// core). Run: build/tests/bench/codec_bench
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "support/sample_messages.hpp"

namespace {

using namespace l2tp::wire;
using l2tp::testing::kSampleSecret;
using l2tp::testing::to_bytes;

const std::vector<std::uint8_t> kNonce(16, 0x11);

BuiltMessage build_sccrq_v2() {
    return MessageBuilder(ProtocolVersion::kV2, MessageType::kSccrq)
        .add_protocol_version({1, 0})
        .add_unsigned(avp::kFramingCapabilities, 3)
        .add_unsigned(avp::kBearerCapabilities, 0)
        .add_text(avp::kHostName, "lac1.isp.example")
        .add_text(avp::kVendorName, "l2tpd")
        .add_unsigned(avp::kAssignedTunnelId, 0x1234)
        .add_unsigned(avp::kReceiveWindowSize, 16)
        .finish(ControlHeader{});
}

// A LAC's ICRQ (RFC 2661 §6.6) as xl2tpd and Windows clients send it.
BuiltMessage build_icrq(Visibility visibility) {
    MessageBuilder builder(ProtocolVersion::kV2, MessageType::kIcrq);
    builder.hide_with(to_bytes(kSampleSecret));
    return builder.add_unsigned(avp::kAssignedSessionId, 0x4242, visibility)
        .add_unsigned(avp::kCallSerialNumber, 77, visibility)
        .add_unsigned(avp::kBearerType, 2, visibility)
        .add_text(avp::kCalledNumber, "1234", visibility)
        .add_text(avp::kCallingNumber, "5678", visibility)
        .finish(ControlHeader{ProtocolVersion::kV2, 0x1111, 0, 1, 1});
}

BuiltMessage build_sccrq_v3_digest() {
    BuiltMessage built = MessageBuilder(ProtocolVersion::kV3, MessageType::kSccrq)
                             .with_digest(DigestType::kHmacMd5)
                             .add_text(avp::kHostName, "lcce1.example")
                             .add_unsigned(avp::kRouterId, 0x0a000001)
                             .add_unsigned(avp::kAssignedControlConnectionId, 0x12345678)
                             .add_octets(avp::kPseudowireCapabilitiesList,
                                         std::vector<std::uint8_t>{0, 5, 0, 4, 0, 7})
                             .add_octets(avp::kControlMessageAuthNonce, kNonce)
                             .finish(ControlHeader{ProtocolVersion::kV3});
    if (built) {
        sign_control_message(built.bytes, derive_shared_key(to_bytes(kSampleSecret)), {});
    }
    return built;
}

// A benchmark of a message that failed to build would measure nothing.
const std::vector<std::uint8_t>& checked(const BuiltMessage& built) {
    if (!built) {
        throw std::logic_error(std::string(build_error_name(built.error)));
    }
    return built.bytes;
}

void parse(benchmark::State& state, const BuiltMessage& built, Bytes secret) {
    const std::vector<std::uint8_t>& packet = checked(built);
    ControlMessage message;
    for (auto _ : state) {
        DecodeError e =
            decode_control_message(packet, Encapsulation::kUdp, DecodeOptions{secret}, message);
        benchmark::DoNotOptimize(e);
        benchmark::DoNotOptimize(message);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ParseSccrqV2(benchmark::State& state) {
    parse(state, build_sccrq_v2(), {});
}
void BM_ParseIcrq(benchmark::State& state) {
    parse(state, build_icrq(Visibility::kClear), {});
}
void BM_ParseIcrqHidden(benchmark::State& state) {
    parse(state, build_icrq(Visibility::kHidden), to_bytes(kSampleSecret));
}

void BM_VerifyAndParseSccrqV3Digest(benchmark::State& state) {
    const BuiltMessage built = build_sccrq_v3_digest();
    const std::vector<std::uint8_t>& packet = checked(built);
    const SharedKey keys[] = {derive_shared_key(to_bytes(kSampleSecret))};
    ControlMessage message;
    for (auto _ : state) {
        WireError v = verify_control_message(packet, keys, {});
        DecodeError e = decode_control_message(packet, Encapsulation::kUdp, {}, message);
        benchmark::DoNotOptimize(v);
        benchmark::DoNotOptimize(e);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_BuildSccrqV2(benchmark::State& state) {
    checked(build_sccrq_v2());
    for (auto _ : state) {
        benchmark::DoNotOptimize(build_sccrq_v2());
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_BuildIcrq(benchmark::State& state) {
    checked(build_icrq(Visibility::kClear));
    for (auto _ : state) {
        benchmark::DoNotOptimize(build_icrq(Visibility::kClear));
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_BuildIcrqHidden(benchmark::State& state) {
    checked(build_icrq(Visibility::kHidden));
    for (auto _ : state) {
        benchmark::DoNotOptimize(build_icrq(Visibility::kHidden));
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_BuildAndSignSccrqV3Digest(benchmark::State& state) {
    checked(build_sccrq_v3_digest());
    for (auto _ : state) {
        benchmark::DoNotOptimize(build_sccrq_v3_digest());
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ParseSccrqV2);
BENCHMARK(BM_ParseIcrq);
BENCHMARK(BM_ParseIcrqHidden);
BENCHMARK(BM_VerifyAndParseSccrqV3Digest);
BENCHMARK(BM_BuildSccrqV2);
BENCHMARK(BM_BuildIcrq);
BENCHMARK(BM_BuildIcrqHidden);
BENCHMARK(BM_BuildAndSignSccrqV3Digest);

}  // namespace

BENCHMARK_MAIN();
