// The Prometheus counter families of a counter catalog (model::CounterSpec): a series per row
// that names a family, with the row's label value.
#pragma once

#include <prometheus/metric_family.h>

#include <algorithm>
#include <iterator>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "l2tp/model/counter_spec.hpp"

namespace l2tp::mgmt {

// The families in the order of their first row, each family's series in the order of its rows.
template <typename Counters>
std::vector<prometheus::MetricFamily> counter_metrics(
    std::span<const model::CounterSpec<Counters>> catalog, const Counters& counters) {
    std::vector<prometheus::MetricFamily> out;
    for (const model::CounterSpec<Counters>& row : catalog) {
        if (row.family == nullptr) {
            continue;
        }
        auto family = std::find_if(out.begin(), out.end(),
                                   [&](const auto& f) { return f.name == row.family->name; });
        if (family == out.end()) {
            out.push_back({std::string(row.family->name),
                           std::string(row.family->help),
                           prometheus::MetricType::Counter,
                           {}});
            family = std::prev(out.end());
        }
        prometheus::ClientMetric series;
        if (!row.family->label.empty()) {
            series.label.push_back({std::string(row.family->label), std::string(row.label_value)});
        }
        series.counter.value = static_cast<double>(counters.*row.member);
        family->metric.push_back(std::move(series));
    }
    return out;
}

}  // namespace l2tp::mgmt
