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

}  // namespace l2tp::mgmt
