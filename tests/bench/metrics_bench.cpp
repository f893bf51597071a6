// What a Prometheus scrape costs the reactor: collecting the families and rendering the text,
// for a daemon with N tunnels of 10 sessions each, with and without per-tunnel series.
// Run: build/tests/bench/metrics_bench
#include <benchmark/benchmark.h>

#include "dataplane/null_dataplane.hpp"
#include "mgmt/daemon_metrics.hpp"
#include "support/engine_pair.hpp"

namespace {

using namespace std::chrono_literals;
using namespace l2tp;
using l2tp::testing::EnginePair;

constexpr std::size_t kSessionsPerTunnel = 10;

model::TunnelProfile v2() {
    model::TunnelProfile p;
    p.hello_interval = 0s;
    p.channel.local_receive_window = 64;
    return p;
}

// B, the LNS, ends up with `tunnels` established tunnels of kSessionsPerTunnel calls each.
void set_up(EnginePair& pair, std::size_t tunnels) {
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; i < tunnels; ++i) {
        ids.push_back(*pair.a.open_tunnel(pair.address_b, v2(), pair.now));
    }
    pair.run_for(1s);
    for (const std::uint32_t id : ids) {
        for (std::size_t s = 0; s < kSessionsPerTunnel; ++s) {
            (void)pair.a.place_call(id, model::SessionParams{}, pair.now);
        }
    }
    pair.run_for(1s);
}

void scrape(benchmark::State& state, bool per_tunnel) {
    model::EngineConfig lns;
    lns.accept_v2 = v2();
    lns.max_half_open = lns.max_half_open_per_source = 100000;  // all from one LAC at once
    EnginePair pair({}, lns);
    set_up(pair, static_cast<std::size_t>(state.range(0)));
    dataplane::NullDataplane null;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text =
            mgmt::render_metrics(mgmt::collect_metrics(pair.b, null, nullptr, {per_tunnel}));
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    std::size_t sessions = 0;
    for (const auto& t : pair.b.tunnels()) {
        sessions += t.sessions;
    }
    state.counters["tunnels"] = static_cast<double>(pair.b.tunnels().size());
    state.counters["sessions"] = static_cast<double>(sessions);
    state.counters["answer_bytes"] = static_cast<double>(bytes);
}

void Scrape(benchmark::State& state) {
    scrape(state, false);
}
void ScrapePerTunnel(benchmark::State& state) {
    scrape(state, true);
}

BENCHMARK(Scrape)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(ScrapePerTunnel)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
