// What l2tpd shows Prometheus (docs/metrics.md): metric families made at each scrape from the
// engine's counters and state, the datapath's counters and pppd's supervisor. Names and labels
// follow Prometheus' conventions: the l2tpd_ prefix, _total counters, seconds and bytes.
#pragma once

#include <prometheus/metric_family.h>

#include <cstdint>
#include <string>
#include <vector>

#include "driver/engine_driver.hpp"

namespace l2tp::mgmt {

struct MetricsScope {
    // Series per tunnel (labelled with its ID, peer and state): one set per tunnel, so only
    // where the operator asks for them (metrics: {per_tunnel: true}).
    bool per_tunnel = false;
};

std::vector<prometheus::MetricFamily> collect_metrics(const driver::EngineDriver& driver,
                                                      MetricsScope scope);
// The same from its parts: the engine, its datapath, pppd's supervisor (none without PPP).
std::vector<prometheus::MetricFamily> collect_metrics(const engine::Engine& engine,
                                                      dataplane::Dataplane& dataplane,
                                                      const ppp::PppdSupervisor* ppp,
                                                      MetricsScope scope);

// Connections l2tpd's own listeners could not accept (out of descriptors, ...).
struct AcceptErrors {
    std::uint64_t control = 0;  // the management socket
    std::uint64_t metrics = 0;  // the Prometheus endpoint
};
prometheus::MetricFamily accept_error_metrics(const AcceptErrors& errors);

// The families in the text exposition format (version 0.0.4).
std::string render_metrics(const std::vector<prometheus::MetricFamily>& families);

}  // namespace l2tp::mgmt
