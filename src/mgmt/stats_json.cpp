#include "mgmt/stats_json.hpp"

#include "l2tp/model/engine_counter_catalog.hpp"

namespace l2tp::mgmt {

nlohmann::json stats_json(const model::EngineStats& engine, const ppp::PppdSupervisor* ppp) {
    nlohmann::json out = counters_json(model::all_engine_counters(), engine);
    if (ppp != nullptr) {
        nlohmann::json pppd = counters_json(ppp::all_pppd_counters(), ppp->counters());
        pppd["running"] = ppp->processes();
        pppd["waiting"] = ppp->waiting();
        out["pppd"] = std::move(pppd);
    }
    return out;
}

nlohmann::json disconnect_json(const driver::DisconnectCounters& counters) {
    nlohmann::json requests = nlohmann::json::object();
    for (std::size_t outcome = 0; outcome < driver::kDisconnectOutcomes; ++outcome) {
        requests[std::string(driver::disconnect_outcome_name(
            static_cast<driver::DisconnectOutcome>(outcome)))] = counters.requests[outcome];
    }
    nlohmann::json naks = nlohmann::json::object();
    for (const auto& [cause, count] : counters.naks_by_cause) {
        naks[std::to_string(cause)] = count;
    }
    return {{"requests", requests},
            {"naks_by_error_cause", naks},
            {"sessions_disconnected", counters.sessions_disconnected}};
}

}  // namespace l2tp::mgmt
