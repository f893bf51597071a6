#include "ppp/pppd_counters.hpp"

#include <array>

namespace l2tp::ppp {

namespace {

using C = PppdCounters;
using Row = model::CounterSpec<PppdCounters>;

constexpr model::CounterFamily kStarted{"l2tpd_pppd_started_total", "pppd processes started.", ""};
constexpr model::CounterFamily kUp{"l2tpd_pppd_up_total",
                                   "pppd processes that reported the link up.", ""};
constexpr model::CounterFamily kStartFailures{"l2tpd_pppd_start_failures_total",
                                              "PPP sessions whose pppd did not start, by reason.",
                                              "reason"};
constexpr model::CounterFamily kAuthFailures{
    "l2tpd_pppd_auth_failures_total",
    "pppd processes that ended because the peer failed authentication (RADIUS: Access-Reject or "
    "no server answering).",
    ""};
constexpr model::CounterFamily kEnded{"l2tpd_pppd_ended_total",
                                      "pppd processes that ended, by how.", "how"};

constexpr std::array kCatalog = {
    // counter, JSON key, Prometheus family, label value
    Row{&C::started, "started", &kStarted, "", ""},
    Row{&C::up, "up", &kUp, "", ""},
    Row{&C::start_failures, "start_failures", &kStartFailures, "error", ""},
    Row{&C::refused_busy, "refused_busy", &kStartFailures, "busy", ""},
    Row{&C::refused_no_address, "refused_no_address", &kStartFailures, "no_address", ""},
    Row{&C::start_timeouts, "start_timeouts", &kStartFailures, "timeout", ""},
    Row{&C::exited, "exited", &kEnded, "exited", ""},
    Row{&C::auth_failures, "auth_failures", &kAuthFailures, "", ""},
    Row{&C::stopped, "stopped", &kEnded, "stopped", ""},
    Row{&C::killed, "killed", &kEnded, "killed", ""},
};

static_assert(model::counter_catalog_consistent<PppdCounters>(kCatalog),
              "pppd counter catalog with a counter, key or series twice");

}  // namespace

std::span<const model::CounterSpec<PppdCounters>> all_pppd_counters() {
    return kCatalog;
}

}  // namespace l2tp::ppp
