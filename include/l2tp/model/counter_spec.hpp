// A row of a counter catalog: one counter of a struct of counters with every name it is shown
// by: its key in `l2tpctl stats`, its Prometheus series, its phrase in the bad-input log. Those
// three read the catalog; nothing else spells the names.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace l2tp::model {

// A Prometheus counter family whose series are counters of a catalog.
struct CounterFamily {
    std::string_view name;   // "l2tpd_bad_input_total"
    std::string_view help;   // its # HELP line
    std::string_view label;  // the label that tells its series apart ("reason"); empty: one series
};

template <typename Counters>
struct CounterSpec {
    std::uint64_t Counters::* member;
    std::string_view json_key;     // its key in `l2tpctl stats`; empty: not shown there
    const CounterFamily* family;   // the Prometheus family it is a series of; nullptr: none
    std::string_view label_value;  // its series' value of family->label; empty for one series
    // What the rate-limited bad-input log calls it; empty: not counted as bad input.
    std::string_view bad_input_phrase;
};

// Whether a catalog is consistent: every counter once and shown somewhere, no JSON key, series,
// family name or log phrase twice, and a label value exactly where the family has a label.
template <typename Counters>
constexpr bool counter_catalog_consistent(std::span<const CounterSpec<Counters>> rows) {
    const auto same_series = [](const CounterSpec<Counters>& a, const CounterSpec<Counters>& b) {
        return a.family != nullptr && a.family == b.family && a.label_value == b.label_value;
    };
    const auto two_families_of_one_name = [](const CounterSpec<Counters>& a,
                                             const CounterSpec<Counters>& b) {
        return a.family != nullptr && b.family != nullptr && a.family != b.family &&
               a.family->name == b.family->name;
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const CounterSpec<Counters>& a = rows[i];
        if (a.member == nullptr || (a.json_key.empty() && a.family == nullptr) ||
            (a.family != nullptr && a.family->label.empty() != a.label_value.empty())) {
            return false;
        }
        for (std::size_t j = i + 1; j < rows.size(); ++j) {
            const CounterSpec<Counters>& b = rows[j];
            if (a.member == b.member || (!a.json_key.empty() && a.json_key == b.json_key) ||
                same_series(a, b) || two_families_of_one_name(a, b) ||
                (!a.bad_input_phrase.empty() && a.bad_input_phrase == b.bad_input_phrase)) {
                return false;
            }
        }
    }
    return true;
}

}  // namespace l2tp::model
