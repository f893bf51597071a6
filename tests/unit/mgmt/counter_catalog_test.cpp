// The counter catalogs and what is made of them: every row in `l2tpctl stats` under its key, on
// the Prometheus endpoint as its series, with no name twice; the spellings operators know kept.
#include <gtest/gtest.h>

#include <set>

#include "dataplane/null_dataplane.hpp"
#include "l2tp/model/engine_counter_catalog.hpp"
#include "mgmt/counter_metrics.hpp"
#include "mgmt/daemon_metrics.hpp"
#include "mgmt/stats_json.hpp"
#include "ppp/pppd_counters.hpp"

namespace l2tp::mgmt {
namespace {

using model::CounterSpec;

// Counters that each hold a different value: their row's position plus one.
template <typename Counters>
Counters numbered(std::span<const CounterSpec<Counters>> catalog) {
    Counters counters;
    std::uint64_t n = 0;
    for (const auto& row : catalog) {
        counters.*row.member = ++n;
    }
    return counters;
}

// The exposition line of the row's series: `name{label="value"} N` or `name N`.
template <typename Counters>
std::string series_line(const CounterSpec<Counters>& row, std::uint64_t value) {
    std::string line(row.family->name);
    if (!row.family->label.empty()) {
        line += "{" + std::string(row.family->label) + "=\"" + std::string(row.label_value) + "\"}";
    }
    return line + " " + std::to_string(value) + "\n";
}

template <typename Counters>
void expect_every_row_shown(std::span<const CounterSpec<Counters>> catalog) {
    const Counters counters = numbered(catalog);
    const nlohmann::json json = counters_json(catalog, counters);
    const std::string text = render_metrics(counter_metrics(catalog, counters));
    std::size_t keys = 0;
    for (const auto& row : catalog) {
        const std::uint64_t value = counters.*row.member;
        if (!row.json_key.empty()) {
            ++keys;
            EXPECT_EQ(json.value(std::string(row.json_key), std::uint64_t{0}), value)
                << row.json_key;
        }
        if (row.family != nullptr) {
            EXPECT_NE(text.find(series_line(row, value)), std::string::npos)
                << series_line(row, value) << text;
            EXPECT_NE(text.find("# HELP " + std::string(row.family->name) + " " +
                                std::string(row.family->help) + "\n"),
                      std::string::npos)
                << row.family->name;
            EXPECT_NE(text.find("# TYPE " + std::string(row.family->name) + " counter\n"),
                      std::string::npos)
                << row.family->name;
        }
    }
    EXPECT_EQ(json.size(), keys);  // nothing but the catalog's keys
}

TEST(CounterCatalog, EveryEngineCounterIsInTheJsonAndThePrometheusText) {
    expect_every_row_shown(model::all_engine_counters());
}

TEST(CounterCatalog, EveryPppdCounterIsInTheJsonAndThePrometheusText) {
    expect_every_row_shown(ppp::all_pppd_counters());
}

TEST(CounterCatalog, StatsJsonHasTheEngineCountersAndPppdsOnlyWithASupervisor) {
    const model::EngineStats stats = numbered(model::all_engine_counters());
    const nlohmann::json json = stats_json(stats, nullptr);
    EXPECT_EQ(json, counters_json(model::all_engine_counters(), stats));
    EXPECT_FALSE(json.contains("pppd"));
}

// Where `l2tpctl stats` and Prometheus spell a counter differently, both spellings stay.
TEST(CounterCatalog, KeysAndSeriesOperatorsReadKeepTheirSpelling) {
    model::EngineStats stats;
    stats.refused_sccrq = 2;
    stats.protocol_errors = 3;
    stats.send_queue_overflows = 4;
    stats.datagrams = 5;
    const nlohmann::json json = stats_json(stats, nullptr);
    EXPECT_EQ(json["refused_sccrq"], 2);
    EXPECT_EQ(json["protocol_errors"], 3);
    EXPECT_EQ(json["send_queue_overflows"], 4);
    EXPECT_EQ(json["datagrams"], 5);
    const std::string text = render_metrics(counter_metrics(model::all_engine_counters(), stats));
    EXPECT_NE(text.find("l2tpd_refused_total{reason=\"version\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("l2tpd_bad_input_total{reason=\"protocol_error\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("l2tpd_refused_total{reason=\"send_queue_overflow\"} 4\n"),
              std::string::npos);
    EXPECT_NE(text.find("l2tpd_control_datagrams_received_total 5\n"), std::string::npos);
}

TEST(CounterCatalog, TheEndpointServesEveryFamilyOfBothCatalogs) {
    engine::Engine engine{model::EngineConfig{}};
    dataplane::NullDataplane dataplane;
    const auto families = collect_metrics(engine, dataplane, nullptr, {});
    std::set<std::string> served;
    for (const auto& f : families) {
        EXPECT_TRUE(served.insert(f.name).second) << f.name << " twice";
    }
    for (const auto& row : model::all_engine_counters()) {
        if (row.family != nullptr) {
            EXPECT_TRUE(served.contains(std::string(row.family->name))) << row.family->name;
        }
    }
    for (const auto& row : ppp::all_pppd_counters()) {
        EXPECT_TRUE(served.contains(std::string(row.family->name))) << row.family->name;
    }
}

TEST(CounterCatalog, TheConsistencyCheckFindsANameTwice) {
    EXPECT_TRUE(model::counter_catalog_consistent(model::all_engine_counters()));
    EXPECT_TRUE(model::counter_catalog_consistent(ppp::all_pppd_counters()));
    using Row = CounterSpec<ppp::PppdCounters>;
    static constexpr model::CounterFamily kByReason{"f_total", "F.", "reason"};
    static constexpr model::CounterFamily kOne{"g_total", "G.", ""};
    const Row started{&ppp::PppdCounters::started, "started", &kByReason, "a", ""};
    const auto consistent = [](std::initializer_list<Row> rows) {
        return model::counter_catalog_consistent(std::span<const Row>(rows.begin(), rows.size()));
    };
    EXPECT_TRUE(consistent({started, {&ppp::PppdCounters::up, "up", &kByReason, "b", ""}}));
    // The same counter, JSON key, series or family name twice; a label value where there is no
    // label, none where there is one; a counter shown nowhere.
    EXPECT_FALSE(consistent({started, {&ppp::PppdCounters::started, "up", &kOne, "", ""}}));
    EXPECT_FALSE(consistent({started, {&ppp::PppdCounters::up, "started", &kOne, "", ""}}));
    EXPECT_FALSE(consistent({started, {&ppp::PppdCounters::up, "up", &kByReason, "a", ""}}));
    EXPECT_FALSE(consistent({{&ppp::PppdCounters::up, "up", &kOne, "a", ""}}));
    EXPECT_FALSE(consistent({{&ppp::PppdCounters::up, "up", &kByReason, "", ""}}));
    EXPECT_FALSE(consistent({{&ppp::PppdCounters::up, "", nullptr, "", ""}}));
    static constexpr model::CounterFamily kOneAgain{"g_total", "G again.", ""};
    EXPECT_FALSE(consistent({{&ppp::PppdCounters::started, "started", &kOne, "", ""},
                             {&ppp::PppdCounters::up, "up", &kOneAgain, "", ""}}));
}

TEST(CounterCatalog, NoFamilyIsInBothCatalogs) {
    std::set<std::string_view> engine_families;
    for (const auto& row : model::all_engine_counters()) {
        if (row.family != nullptr) {
            engine_families.insert(row.family->name);
        }
    }
    for (const auto& row : ppp::all_pppd_counters()) {
        EXPECT_FALSE(engine_families.contains(row.family->name)) << row.family->name;
    }
}

}  // namespace
}  // namespace l2tp::mgmt
