// The one catalog of the engine's scalar counters (EngineStats): a row each, naming it in
// `l2tpctl stats`, on the Prometheus endpoint (docs/metrics.md) and in the bad-input log.
#pragma once

#include <span>

#include "l2tp/model/counter_spec.hpp"
#include "l2tp/model/engine_stats.hpp"

namespace l2tp::model {

// Every row; a Prometheus family's series in the order of its rows, its families in the order
// of their first row.
std::span<const CounterSpec<EngineStats>> all_engine_counters();

}  // namespace l2tp::model
