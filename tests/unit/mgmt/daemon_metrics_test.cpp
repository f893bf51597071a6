// What the Prometheus endpoint shows of a daemon with a tunnel and a call up: families, labels,
// values, and the peer's strings escaped.
#include "mgmt/daemon_metrics.hpp"

#include <gtest/gtest.h>

#include "dataplane/null_dataplane.hpp"

namespace l2tp::mgmt {
namespace {

using namespace std::chrono_literals;
using prometheus::MetricFamily;

// The kernel as far as counters go: every tunnel has carried 100 octets each way, and the
// tunnels removed before had carried 1000 in and 2000 out.
class CountingDataplane final : public dataplane::NullDataplane {
  public:
    dataplane::Result<void> install_tunnel(const model::InstallTunnel& t,
                                           const dataplane::TunnelSocket&) override {
        installed_.push_back(t.tunnel_id);
        return {};
    }
    std::unordered_map<std::uint32_t, dataplane::DatapathCounters> installed_tunnel_counters()
        override {
        std::unordered_map<std::uint32_t, dataplane::DatapathCounters> out;
        for (const std::uint32_t id : installed_) {
            out[id].rx_bytes = 100;
            out[id].tx_bytes = 100;
            out[id].rx_packets = 1;
        }
        return out;
    }
    dataplane::DatapathCounters removed_tunnels_counters() const override {
        dataplane::DatapathCounters c;
        c.rx_bytes = 1000;
        c.tx_bytes = 2000;
        return c;
    }

  private:
    std::vector<std::uint32_t> installed_;
};

const MetricFamily* family(const std::vector<MetricFamily>& families, std::string_view name) {
    for (const auto& f : families) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

// The value of the series of `name` with exactly these labels; NaN when there is none.
double value(const std::vector<MetricFamily>& families, std::string_view name,
             std::vector<prometheus::ClientMetric::Label> labels) {
    const MetricFamily* f = family(families, name);
    if (f == nullptr) {
        return std::nan("");
    }
    for (const auto& m : f->metric) {
        if (m.label == labels) {
            return f->type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
        }
    }
    return std::nan("");
}

struct TwoDaemons {
    TwoDaemons() : lac(io, {}, kernel), lns(io, lns_config(), null) {
        lac.listen({model::PeerEndpoint::ipv4(127, 0, 0, 1, 17911)}, false);
        lns.listen({lns_address}, false);
    }

    static model::EngineConfig lns_config() {
        model::EngineConfig c;
        c.accept_v2 = model::TunnelProfile{};
        return c;
    }

    // Runs both until `done` holds (bounded).
    bool run_until(const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + 3s;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            io.run_for(5ms);
        }
        return done();
    }

    boost::asio::io_context io;
    CountingDataplane kernel;
    dataplane::NullDataplane null;
    const model::PeerEndpoint lns_address = model::PeerEndpoint::ipv4(127, 0, 0, 1, 17912);
    driver::EngineDriver lac;
    driver::EngineDriver lns;
};

bool call_up(const driver::EngineDriver& d) {
    for (const auto& t : d.engine().tunnels()) {
        for (const auto& s : d.engine().sessions(t.tunnel_id)) {
            if (s.state == model::SessionState::kEstablished) {
                return true;
            }
        }
    }
    return false;
}

TEST(DaemonMetrics, ATunnelAndACallShowInStateCountsMessagesSetUpTimesAndKernelTotals) {
    TwoDaemons d;
    model::TunnelProfile profile;
    profile.host_name = "lac\"\n\xff";  // hostile bytes, as the LNS receives them
    const std::uint32_t id = d.lac.open_tunnel(d.lns_address, profile).value();
    ASSERT_TRUE(d.run_until([&] {
        const auto t = d.lac.engine().tunnel(id);
        return t && t->state == model::TunnelState::kEstablished;
    }));
    ASSERT_TRUE(d.lac.place_call(id, model::SessionParams{}));
    ASSERT_TRUE(d.run_until([&] { return call_up(d.lac) && call_up(d.lns); }));

    const auto lac = collect_metrics(d.lac, {});
    EXPECT_EQ(value(lac, "l2tpd_tunnels", {{"version", "2"}, {"state", "established"}}), 1);
    EXPECT_EQ(value(lac, "l2tpd_tunnels", {{"version", "3"}, {"state", "established"}}), 0);
    EXPECT_EQ(value(lac, "l2tpd_sessions", {{"version", "2"}, {"state", "established"}}), 1);
    EXPECT_EQ(value(lac, "l2tpd_control_messages_sent_total", {{"type", "SCCRQ"}}), 1);
    EXPECT_EQ(value(lac, "l2tpd_control_messages_received_total", {{"type", "ICRP"}}), 1);
    EXPECT_EQ(value(lac, "l2tpd_bad_input_total", {{"reason", "malformed"}}), 0);
    EXPECT_EQ(value(lac, "l2tpd_pppd_processes", {{"state", "running"}}), 0);
    // One tunnel's 100 octets each way, and what the removed ones had counted.
    EXPECT_EQ(value(lac, "l2tpd_kernel_bytes_total", {{"direction", "rx"}}), 1100);
    EXPECT_EQ(value(lac, "l2tpd_kernel_bytes_total", {{"direction", "tx"}}), 2100);
    const MetricFamily* setup = family(lac, "l2tpd_tunnel_setup_duration_seconds");
    ASSERT_NE(setup, nullptr);
    ASSERT_EQ(setup->metric.size(), 2u);  // v2 and v3
    EXPECT_EQ(setup->metric[0].histogram.sample_count, 1u);
    EXPECT_EQ(setup->metric[0].histogram.bucket.size(),
              model::LatencyHistogram::kBoundsSeconds.size());
    EXPECT_EQ(setup->metric[0].histogram.bucket.back().cumulative_count, 1u);
    // Per-tunnel series only when asked for.
    EXPECT_EQ(family(lac, "l2tpd_tunnel_info"), nullptr);
    EXPECT_EQ(family(lac, "l2tpd_tunnel_kernel_bytes_total"), nullptr);

    const auto lns = collect_metrics(d.lns, {true});
    const MetricFamily* info = family(lns, "l2tpd_tunnel_info");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->metric.size(), 1u);
    const std::string text = render_metrics(lns);
    // The peer's Host Name is escaped (wire::printable: lac\x22\x0a\xff), then its
    // backslashes for the label.
    EXPECT_NE(text.find(R"(peer_host_name="lac\\x22\\x0a\\xff")"), std::string::npos) << text;
    EXPECT_NE(text.find("# TYPE l2tpd_tunnel_setup_duration_seconds histogram"), std::string::npos);
    EXPECT_NE(text.find("l2tpd_tunnel_setup_duration_seconds_bucket{version=\"2\",le=\"+Inf\"} 1"),
              std::string::npos)
        << text;
    EXPECT_EQ(value(lns, "l2tpd_tunnel_sessions", {{"tunnel_id", info->metric[0].label[0].value}}),
              1);
}

TEST(DaemonMetrics, EachAddressPoolHasItsAddressesAndExhaustionsByName) {
    boost::asio::io_context io;
    dataplane::NullDataplane null;
    driver::EngineDriver driver(io, {}, null);
    driver.enable_ppp([](const std::string&) { return ppp::PppdOptions{}; }, {});
    driver.ppp()->set_pools({{"clients", {{{0x0a0a000a, 0x0a0a00fa}}, 0x0a0a0001}},
                             {"a\"b", {{{0x0a140001, 0x0a140002}}, 0x0a0a0001}}});
    const auto families = collect_metrics(driver, {});
    EXPECT_EQ(value(families, "l2tpd_pool_addresses", {{"pool", "clients"}, {"state", "in_use"}}),
              0);
    EXPECT_EQ(value(families, "l2tpd_pool_addresses", {{"pool", "clients"}, {"state", "free"}}),
              241);
    EXPECT_EQ(value(families, "l2tpd_pool_exhausted_total", {{"pool", "clients"}}), 0);
    // Escaped as other labels are (wire::printable).
    EXPECT_EQ(value(families, "l2tpd_pool_addresses", {{"pool", "a\\x22b"}, {"state", "free"}}), 2);
}

TEST(DaemonMetrics, AcceptErrorsAreCountedByServer) {
    const std::string text = render_metrics({accept_error_metrics({3, 0})});
    EXPECT_NE(text.find("# TYPE l2tpd_accept_errors_total counter"), std::string::npos) << text;
    EXPECT_NE(text.find("l2tpd_accept_errors_total{server=\"control\"} 3"), std::string::npos)
        << text;
    EXPECT_NE(text.find("l2tpd_accept_errors_total{server=\"metrics\"} 0"), std::string::npos)
        << text;
}

}  // namespace
}  // namespace l2tp::mgmt
