#include "mgmt/daemon_metrics.hpp"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <array>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "l2tp/model/engine_counter_catalog.hpp"
#include "l2tp/wire/printable.hpp"
#include "mgmt/counter_metrics.hpp"
#include "ppp/pppd_supervisor.hpp"
#include "radius/relayed_accounting.hpp"

namespace l2tp::mgmt {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;
using wire::ProtocolVersion;

constexpr std::array<ProtocolVersion, 2> kVersions = {ProtocolVersion::kV2, ProtocolVersion::kV3};
constexpr std::array<model::TunnelState, 5> kTunnelStates = {
    model::TunnelState::kIdle, model::TunnelState::kWaitCtlReply, model::TunnelState::kWaitCtlConn,
    model::TunnelState::kEstablished, model::TunnelState::kClosing};
constexpr std::array<model::SessionState, 3> kSessionStates = {model::SessionState::kWaitReply,
                                                               model::SessionState::kWaitConnect,
                                                               model::SessionState::kEstablished};

std::string version_label(ProtocolVersion v) {
    return std::to_string(static_cast<int>(v));
}

std::size_t version_index(ProtocolVersion v) {
    return v == ProtocolVersion::kV2 ? 0 : 1;
}

// Builds the families in the order they are added; a family's reference stays good while
// others are added (a deque).
class Families {
  public:
    MetricFamily& counter(std::string name, std::string help) {
        return add(std::move(name), std::move(help), MetricType::Counter);
    }
    MetricFamily& gauge(std::string name, std::string help) {
        return add(std::move(name), std::move(help), MetricType::Gauge);
    }
    MetricFamily& histogram(std::string name, std::string help) {
        return add(std::move(name), std::move(help), MetricType::Histogram);
    }
    void add(std::vector<MetricFamily> families) {
        std::move(families.begin(), families.end(), std::back_inserter(families_));
    }
    std::vector<MetricFamily> take() {
        return {std::make_move_iterator(families_.begin()),
                std::make_move_iterator(families_.end())};
    }

  private:
    MetricFamily& add(std::string name, std::string help, MetricType type) {
        families_.push_back(MetricFamily{std::move(name), std::move(help), type, {}});
        return families_.back();
    }
    std::deque<MetricFamily> families_;
};

void sample(MetricFamily& family, double value, Labels labels = {}) {
    ClientMetric m;
    m.label = std::move(labels);
    if (family.type == MetricType::Counter) {
        m.counter.value = value;
    } else {
        m.gauge.value = value;
    }
    family.metric.push_back(std::move(m));
}

void sample(MetricFamily& family, const model::LatencyHistogram& h, Labels labels) {
    ClientMetric m;
    m.label = std::move(labels);
    m.histogram.sample_count = h.count();
    m.histogram.sample_sum = h.sum_seconds();
    std::uint64_t cumulative = 0;
    const auto& bounds = model::LatencyHistogram::kBoundsSeconds;
    for (std::size_t slot = 0; slot < bounds.size(); ++slot) {
        cumulative += h.in_slot(slot);
        m.histogram.bucket.push_back({cumulative, bounds[slot]});
    }
    // The serializer adds le="+Inf" with the count.
    family.metric.push_back(std::move(m));
}

// One series per value of `label`.
void sample_by(MetricFamily& family, const char* label,
               std::initializer_list<std::pair<const char*, std::uint64_t>> values) {
    for (const auto& [value_label, value] : values) {
        sample(family, static_cast<double>(value), {{label, value_label}});
    }
}

// Every type we send or expect is shown (zeros included); other values once seen.
void sample(MetricFamily& family, const model::MessageTypeCounts& counts) {
    using model::MessageTypeCounts;
    for (std::size_t slot = 0; slot < MessageTypeCounts::kSlots; ++slot) {
        const bool named = slot == MessageTypeCounts::kZlbSlot ||
                           !wire::message_type_name(static_cast<wire::MessageType>(slot)).empty();
        if (named || counts.in_slot(slot) != 0) {
            sample(family, static_cast<double>(counts.in_slot(slot)),
                   {{"type", MessageTypeCounts::slot_name(slot)}});
        }
    }
}

// Result Codes once seen: a code's series appears with its first StopCCN or CDN.
void sample(MetricFamily& family, const model::ResultCodeCounts& counts, Labels labels) {
    for (std::size_t slot = 0; slot < model::ResultCodeCounts::kSlots; ++slot) {
        if (counts.in_slot(slot) != 0) {
            Labels with = labels;
            with.push_back({"result_code", model::ResultCodeCounts::slot_name(slot)});
            sample(family, static_cast<double>(counts.in_slot(slot)), std::move(with));
        }
    }
}

void add_state_gauges(Families& out, const engine::Engine& engine,
                      const std::vector<model::TunnelInfo>& tunnels) {
    std::array<std::array<std::uint64_t, kTunnelStates.size()>, 2> tunnel_count{};
    for (const auto& t : tunnels) {
        ++tunnel_count[version_index(t.version)][static_cast<std::size_t>(t.state)];
    }
    const auto session_count = engine.session_state_counts();
    MetricFamily& tunnel_family =
        out.gauge("l2tpd_tunnels", "Control connections by protocol version and state.");
    MetricFamily& session_family =
        out.gauge("l2tpd_sessions", "Sessions by protocol version and state.");
    for (const ProtocolVersion v : kVersions) {
        for (const auto state : kTunnelStates) {
            sample(tunnel_family,
                   static_cast<double>(
                       tunnel_count[version_index(v)][static_cast<std::size_t>(state)]),
                   {{"version", version_label(v)},
                    {"state", std::string(model::tunnel_state_name(state))}});
        }
        for (const auto state : kSessionStates) {
            sample(session_family,
                   static_cast<double>(session_count[v][static_cast<std::size_t>(state)]),
                   {{"version", version_label(v)},
                    {"state", std::string(model::session_state_name(state))}});
        }
    }
}

void add_setups(Families& out, const model::EngineStats& s) {
    MetricFamily& tunnel_latency = out.histogram(
        "l2tpd_tunnel_setup_duration_seconds",
        "Established control connections: from the SCCRQ to the SCCCN received, or ours "
        "acknowledged.");
    MetricFamily& session_latency = out.histogram(
        "l2tpd_session_setup_duration_seconds",
        "Established sessions: from the ICRQ or OCRQ to the ICCN or OCCN received, or ours "
        "acknowledged.");
    MetricFamily& tunnel_failures =
        out.counter("l2tpd_tunnel_setup_failures_total",
                    "Control connections that ended before they were established, by the Result "
                    "Code of the StopCCN sent or received (none: the peer stopped answering).");
    MetricFamily& session_failures =
        out.counter("l2tpd_session_setup_failures_total",
                    "Sessions that ended before they were established, by the Result Code of the "
                    "CDN sent or received (none: their tunnel went).");
    for (const ProtocolVersion v : kVersions) {
        const Labels version{{"version", version_label(v)}};
        sample(tunnel_latency, s.tunnel_setup_latency[v], version);
        sample(session_latency, s.session_setup_latency[v], version);
        sample(tunnel_failures, s.tunnel_setup_failures[v], version);
        sample(session_failures, s.session_setup_failures[v], version);
    }
    MetricFamily& stopccn =
        out.counter("l2tpd_stopccn_total", "StopCCN messages by direction and Result Code.");
    sample(stopccn, s.stopccn_sent, {{"direction", "sent"}});
    sample(stopccn, s.stopccn_received, {{"direction", "received"}});
    MetricFamily& cdn =
        out.counter("l2tpd_cdn_total", "CDN messages by direction and Result Code.");
    sample(cdn, s.cdn_sent, {{"direction", "sent"}});
    sample(cdn, s.cdn_received, {{"direction", "received"}});
}

void add_control_messages(Families& out, const model::EngineStats& s) {
    sample(out.counter("l2tpd_control_messages_sent_total",
                       "Control messages sent, by Message Type (retransmissions included)."),
           s.messages_sent);
    sample(out.counter("l2tpd_control_messages_received_total",
                       "Authentic control messages received by tunnels, by Message Type "
                       "(duplicates included)."),
           s.messages_received);
}

void add_pppd(Families& out, const ppp::PppdSupervisor* ppp) {
    const ppp::PppdCounters c = ppp != nullptr ? ppp->counters() : ppp::PppdCounters{};
    MetricFamily& processes =
        out.gauge("l2tpd_pppd_processes", "pppd processes running or starting, and waiting.");
    sample(processes, ppp != nullptr ? static_cast<double>(ppp->processes()) : 0,
           {{"state", "running"}});
    sample(processes, ppp != nullptr ? static_cast<double>(ppp->waiting()) : 0,
           {{"state", "waiting"}});
    out.add(counter_metrics(ppp::all_pppd_counters(), c));
}

// l2tpd's RADIUS accounting (docs/radius.md): per server of the radius block, and the relay
// radius.so reports to. Nothing before a radius block was configured.
void add_accounting(Families& out, const driver::SessionAccounting* accounting) {
    if (accounting == nullptr || accounting->client() == nullptr) {
        return;
    }
    MetricFamily& requests = out.counter("l2tpd_radius_accounting_requests_total",
                                         "Accounting-Requests sent, retransmissions included, "
                                         "by server.");
    MetricFamily& responses = out.counter("l2tpd_radius_accounting_responses_total",
                                          "Authentic Accounting-Responses received, by server.");
    MetricFamily& timeouts = out.counter("l2tpd_radius_accounting_timeouts_total",
                                         "Accounting-Requests unanswered within the timeout, by "
                                         "server.");
    MetricFamily& failovers = out.counter("l2tpd_radius_accounting_failovers_total",
                                          "Accounting records moved from a server to the next, "
                                          "by the server they left.");
    const auto& servers = accounting->config().servers;
    const radius::AccountingScheduler& scheduler = accounting->client()->scheduler();
    for (std::size_t index = 0; index < servers.size(); ++index) {
        const Labels server{
            {"server", servers[index].address + ":" + std::to_string(servers[index].acct_port)}};
        const radius::AccountingServerCounters& c = scheduler.counters(index);
        sample(requests, static_cast<double>(c.requests), server);
        sample(responses, static_cast<double>(c.responses), server);
        sample(timeouts, static_cast<double>(c.timeouts), server);
        sample(failovers, static_cast<double>(c.failovers), server);
    }
    sample(out.counter("l2tpd_radius_accounting_queue_drops_total",
                       "Accounting records dropped because the queue of unsent ones was full."),
           static_cast<double>(scheduler.queue_drops()));
    sample(out.counter("l2tpd_radius_accounting_bad_responses_total",
                       "Answers to the accounting client that were not an authentic "
                       "Accounting-Response to a request in flight."),
           static_cast<double>(accounting->client()->bad_responses()));
    MetricFamily& relayed = out.counter(
        "l2tpd_radius_accounting_relay_requests_total",
        "radius.so's Accounting-Requests to l2tpd's relay, by verdict: start, other_status and "
        "no_nas_port were answered, the rest dropped.");
    for (std::size_t verdict = 0; verdict < driver::AccountingRelay::kVerdicts; ++verdict) {
        sample(relayed, static_cast<double>(accounting->relay().counts()[verdict]),
               {{"verdict", std::string(radius::relay_verdict_name(
                                static_cast<radius::RelayVerdict>(verdict)))}});
    }
}

// RFC 5176 Disconnect-Requests (docs/radius.md, "Disconnect"). Nothing before a radius block
// was configured.
void add_dynamic_authorization(Families& out, const driver::DynamicAuthorizationServer* das) {
    if (das == nullptr) {
        return;
    }
    const driver::DisconnectCounters& c = das->counters();
    MetricFamily& requests = out.counter(
        "l2tpd_radius_dynamic_authorization_requests_total",
        "Datagrams to the RFC 5176 listener, by outcome: ack and nak were answered, duplicate "
        "got the earlier answer again, the rest were dropped.");
    for (std::size_t outcome = 0; outcome < driver::kDisconnectOutcomes; ++outcome) {
        sample(requests, static_cast<double>(c.requests[outcome]),
               {{"outcome", std::string(driver::disconnect_outcome_name(
                                static_cast<driver::DisconnectOutcome>(outcome)))}});
    }
    MetricFamily& naks = out.counter("l2tpd_radius_dynamic_authorization_naks_total",
                                     "Disconnect-NAKs and CoA-NAKs sent, by Error-Cause "
                                     "(RFC 5176 §3.5).");
    for (const auto& [cause, count] : c.naks_by_cause) {
        sample(naks, static_cast<double>(count), {{"error_cause", std::to_string(cause)}});
    }
    sample(out.counter("l2tpd_radius_dynamic_authorization_sessions_disconnected_total",
                       "Sessions ended by a Disconnect-Request."),
           static_cast<double>(c.sessions_disconnected));
}

// Per address pool; a pool dropped by a reload stays while its addresses are held.
void add_pools(Families& out, const ppp::PppdSupervisor* ppp) {
    MetricFamily& addresses =
        out.gauge("l2tpd_pool_addresses", "Addresses of each address pool, in use and free.");
    MetricFamily& exhausted =
        out.counter("l2tpd_pool_exhausted_total",
                    "PPP sessions refused (CDN Result 4) because their address pool was "
                    "exhausted, by pool.");
    if (ppp == nullptr) {
        return;
    }
    for (const auto& [name, pool] : ppp->pools().pools()) {
        const std::string label = wire::printable(name);
        sample(addresses, static_cast<double>(pool.in_use()),
               {{"pool", label}, {"state", "in_use"}});
        sample(addresses, static_cast<double>(pool.free()), {{"pool", label}, {"state", "free"}});
        sample(exhausted, static_cast<double>(pool.exhausted()), {{"pool", label}});
    }
}

void add_directions(MetricFamily& family, std::uint64_t rx, std::uint64_t tx, Labels labels = {}) {
    Labels rx_labels = labels;
    rx_labels.push_back({"direction", "rx"});
    labels.push_back({"direction", "tx"});
    sample(family, static_cast<double>(rx), std::move(rx_labels));
    sample(family, static_cast<double>(tx), std::move(labels));
}

void add_kernel(Families& out, const dataplane::DatapathCounters& c) {
    add_directions(out.counter("l2tpd_kernel_bytes_total",
                               "Data bytes of the kernel's L2TP tunnels l2tpd installed."),
                   c.rx_bytes, c.tx_bytes);
    add_directions(out.counter("l2tpd_kernel_packets_total",
                               "Data packets of the kernel's L2TP tunnels l2tpd installed."),
                   c.rx_packets, c.tx_packets);
    add_directions(out.counter("l2tpd_kernel_errors_total",
                               "Data packet errors of the kernel's L2TP tunnels l2tpd installed."),
                   c.rx_errors, c.tx_errors);
    sample_by(out.counter("l2tpd_kernel_discards_total",
                          "Received data packets the kernel discarded, by reason."),
              "reason",
              {{"sequence", c.rx_seq_discards},
               {"cookie", c.rx_cookie_discards},
               {"invalid", c.rx_invalid}});
    sample(out.counter("l2tpd_kernel_out_of_order_packets_total",
                       "Received data packets out of sequence."),
           static_cast<double>(c.rx_oos_packets));
}

// One set of series per control connection.
void add_per_tunnel(
    Families& out, const std::vector<model::TunnelInfo>& tunnels,
    const std::unordered_map<std::uint32_t, dataplane::DatapathCounters>& installed) {
    MetricFamily& info =
        out.gauge("l2tpd_tunnel_info", "One per control connection: its IDs, version and peer.");
    MetricFamily& sessions = out.gauge("l2tpd_tunnel_sessions", "Sessions of each tunnel.");
    MetricFamily& bytes =
        out.counter("l2tpd_tunnel_kernel_bytes_total", "Data bytes of each tunnel in the kernel.");
    MetricFamily& packets = out.counter("l2tpd_tunnel_kernel_packets_total",
                                        "Data packets of each tunnel in the kernel.");
    for (const auto& t : tunnels) {
        const Labels id{{"tunnel_id", std::to_string(t.tunnel_id)}};
        // The Host Name is the peer's: escaped like everything from the wire.
        sample(info, 1,
               {{"tunnel_id", std::to_string(t.tunnel_id)},
                {"peer_tunnel_id", std::to_string(t.peer_tunnel_id)},
                {"version", version_label(t.version)},
                {"peer", t.peer.to_string()},
                {"peer_host_name", wire::printable(t.peer_host_name)}});
        sample(sessions, static_cast<double>(t.sessions), id);
        if (const auto c = installed.find(t.tunnel_id); c != installed.end()) {
            add_directions(bytes, c->second.rx_bytes, c->second.tx_bytes, id);
            add_directions(packets, c->second.rx_packets, c->second.tx_packets, id);
        }
    }
}

}  // namespace

std::vector<prometheus::MetricFamily> collect_metrics(const driver::EngineDriver& driver,
                                                      MetricsScope scope) {
    auto families = collect_metrics(driver.engine(), driver.dataplane(), driver.ppp(), scope);
    Families accounting;
    add_accounting(accounting, driver.accounting());
    add_dynamic_authorization(accounting, driver.dynamic_authorization());
    std::ranges::move(accounting.take(), std::back_inserter(families));
    return families;
}

std::vector<prometheus::MetricFamily> collect_metrics(const engine::Engine& engine,
                                                      dataplane::Dataplane& dataplane,
                                                      const ppp::PppdSupervisor* ppp,
                                                      MetricsScope scope) {
    const model::EngineStats& s = engine.stats();
    const std::vector<model::TunnelInfo> tunnels = engine.tunnels();
    Families out;
    add_state_gauges(out, engine, tunnels);
    add_setups(out, s);
    add_control_messages(out, s);
    out.add(counter_metrics(model::all_engine_counters(), s));
    add_pppd(out, ppp);
    add_pools(out, ppp);

    const auto installed = dataplane.installed_tunnel_counters();  // one kernel query
    // The kernel counts a tunnel's data packets on the tunnel too: the sum over tunnels, with
    // what the removed ones had counted, is everything.
    dataplane::DatapathCounters total = dataplane.removed_tunnels_counters();
    for (const auto& [id, counters] : installed) {
        total += counters;
    }
    add_kernel(out, total);
    if (scope.per_tunnel) {
        add_per_tunnel(out, tunnels, installed);
    }
    return out.take();
}

prometheus::MetricFamily accept_error_metrics(const AcceptErrors& errors) {
    Families out;
    sample_by(out.counter("l2tpd_accept_errors_total",
                          "Connections to the management socket or the metrics endpoint that "
                          "could not be accepted (out of descriptors, mostly), by server."),
              "server", {{"control", errors.control}, {"metrics", errors.metrics}});
    return std::move(out.take().front());
}

std::string render_metrics(const std::vector<prometheus::MetricFamily>& families) {
    std::ostringstream text;
    prometheus::TextSerializer().Serialize(text, families);
    return text.str();
}

}  // namespace l2tp::mgmt
