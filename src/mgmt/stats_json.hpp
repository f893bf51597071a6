// The counters of `l2tpctl stats` as JSON, read from the counter catalogs.
#pragma once

#include <nlohmann/json.hpp>

#include <span>
#include <string>

#include "driver/dynamic_authorization_server.hpp"
#include "l2tp/model/counter_spec.hpp"
#include "l2tp/model/engine_stats.hpp"
#include "ppp/pppd_supervisor.hpp"

namespace l2tp::mgmt {

// The catalog's counters that have a JSON key, by their keys.
template <typename Counters>
nlohmann::json counters_json(std::span<const model::CounterSpec<Counters>> catalog,
                             const Counters& counters) {
    nlohmann::json out = nlohmann::json::object();
    for (const model::CounterSpec<Counters>& row : catalog) {
        if (!row.json_key.empty()) {
            out[std::string(row.json_key)] = counters.*row.member;
        }
    }
    return out;
}

// The engine's counters, and with a pppd supervisor (PPP configured) its own under "pppd".
nlohmann::json stats_json(const model::EngineStats& engine, const ppp::PppdSupervisor* ppp);

// RFC 5176 Disconnect-Requests (docs/radius.md): requests by outcome, NAKs by Error-Cause,
// sessions ended.
nlohmann::json disconnect_json(const driver::DisconnectCounters& counters);

}  // namespace l2tp::mgmt
