// Sessions set up per second between two in-process engines, and engine memory per tunnel and
// per session (issue targets: >= 100 000 set-ups/s, <= 1 KiB per session).
// Run: build/tests/bench/engine_bench
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <cstdint>

#include "support/engine_pair.hpp"

// Live heap bytes as glibc's allocator counts them (single-threaded: the main arena).
namespace {
std::int64_t live_heap_bytes() {
    return static_cast<std::int64_t>(mallinfo2().uordblks);
}
}  // namespace

namespace {

using namespace std::chrono_literals;
using namespace l2tp;
using l2tp::testing::EnginePair;

model::TunnelProfile profile_for(bool v3_digest) {
    model::TunnelProfile p;
    if (v3_digest) {
        p.version = wire::ProtocolVersion::kV3;
        p.secret = "bench-secret";
        p.digest = wire::DigestType::kHmacMd5;
    }
    p.hello_interval = 0s;
    p.channel.local_receive_window = 64;
    return p;
}

model::EngineConfig accepting(const model::TunnelProfile& p) {
    model::EngineConfig c;
    (p.version == wire::ProtocolVersion::kV2 ? c.accept_v2 : c.accept_v3) = p;
    return c;
}

std::size_t established_sessions(const engine::Engine& e, std::uint32_t tunnel) {
    std::size_t n = 0;
    for (const auto& s : e.sessions(tunnel)) {
        n += s.state == model::SessionState::kEstablished;
    }
    return n;
}

// Sets up `batch` incoming calls per iteration on one tunnel, then clears them.
void session_setups(benchmark::State& state, bool v3_digest) {
    const auto profile = profile_for(v3_digest);
    EnginePair pair({}, accepting(profile));
    const std::uint32_t tunnel = *pair.a.open_tunnel(pair.address_b, profile, pair.now);
    pair.run_until([&] { return pair.b.tunnels().size() == 1; }, 5s);
    pair.run_for(1s);
    const auto batch = static_cast<std::size_t>(state.range(0));
    model::SessionParams params;
    params.pseudowire_type = v3_digest ? model::kPwEthernet : model::kPwPpp;
    for (auto _ : state) {
        std::vector<std::uint32_t> ids;
        for (std::size_t i = 0; i < batch; ++i) {
            ids.push_back(*pair.a.place_call(tunnel, params, pair.now));
        }
        pair.run_until([&] { return established_sessions(pair.a, tunnel) == batch; }, 600s);
        state.PauseTiming();
        for (std::uint32_t id : ids) {
            pair.a.close_session(tunnel, id, pair.now);
        }
        pair.run_until([&] { return pair.b.sessions(pair.b.tunnels()[0].tunnel_id).empty(); },
                       600s);
        pair.actions_a.clear();
        pair.actions_b.clear();
        pair.sent_by_a.clear();
        pair.sent_by_b.clear();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}

void BM_SessionSetupV2(benchmark::State& state) {
    session_setups(state, false);
}
void BM_SessionSetupV3Digest(benchmark::State& state) {
    session_setups(state, true);
}

// Engine heap per tunnel and per session, counted on the LNS side only.
void memory(benchmark::State& state, bool v3_digest) {
    const auto profile = profile_for(v3_digest);
    constexpr std::size_t kTunnels = 200;
    constexpr std::size_t kSessionsPerTunnel = 50;
    double per_tunnel = 0;
    double per_session = 0;
    for (auto _ : state) {
        EnginePair pair({}, accepting(profile));
        std::vector<std::uint32_t> tunnels;
        // Settle the harness first so only engine state is left to count.
        const auto lns_bytes = [&] {
            pair.sent_by_a.clear();
            pair.sent_by_b.clear();
            pair.actions_a.clear();
            pair.actions_b.clear();
            return live_heap_bytes();
        };
        const std::int64_t empty = lns_bytes();
        for (std::size_t i = 0; i < kTunnels; ++i) {
            model::PeerEndpoint to = pair.address_b;
            tunnels.push_back(*pair.a.open_tunnel(to, profile, pair.now));
        }
        pair.run_until([&] { return pair.b.tunnels().size() == kTunnels; }, 60s);
        pair.run_for(2s);
        const std::int64_t with_tunnels = lns_bytes();
        model::SessionParams params;
        params.pseudowire_type = v3_digest ? model::kPwEthernet : model::kPwPpp;
        for (std::uint32_t t : tunnels) {
            for (std::size_t s = 0; s < kSessionsPerTunnel; ++s) {
                pair.a.place_call(t, params, pair.now);
            }
        }
        pair.run_until(
            [&] { return pair.b.stats().sessions_established == kTunnels * kSessionsPerTunnel; },
            600s);
        pair.run_for(2s);
        const std::int64_t with_sessions = lns_bytes();
        // Both engines hold a tunnel and a session each: halve the totals.
        per_tunnel = static_cast<double>(with_tunnels - empty) / 2.0 / kTunnels;
        per_session = static_cast<double>(with_sessions - with_tunnels) / 2.0 /
                      (kTunnels * kSessionsPerTunnel);
    }
    state.counters["bytes_per_tunnel"] = per_tunnel;
    state.counters["bytes_per_session"] = per_session;
}

void BM_MemoryV2(benchmark::State& state) {
    memory(state, false);
}
void BM_MemoryV3Digest(benchmark::State& state) {
    memory(state, true);
}

BENCHMARK(BM_SessionSetupV2)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SessionSetupV3Digest)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemoryV2)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemoryV3Digest)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
