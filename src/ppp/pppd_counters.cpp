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
constexpr model::CounterFamily kAttributeFaults{
    "l2tpd_pppd_radius_attribute_faults_total",
    "RADIUS sessions up whose Access-Accept attributes (radattr.so's file) were missing or "
    "refused.",
    ""};
constexpr model::CounterFamily kIpv6Routes{
    "l2tpd_pppd_ipv6_routes_total",
    "Routes to a RADIUS session's Framed- or Delegated-IPv6-Prefix over its PPP interface, by "
    "result.",
    "result"};
constexpr model::CounterFamily kRouterAdvertisements{
    "l2tpd_pppd_router_advertisements_total",
    "Router Advertisements of a Framed-IPv6-Prefix on a PPP link, by result.", "result"};

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
    Row{&C::radius_attribute_faults, "radius_attribute_faults", &kAttributeFaults, "", ""},
    Row{&C::ipv6_routes_installed, "ipv6_routes_installed", &kIpv6Routes, "installed", ""},
    Row{&C::ipv6_route_failures, "ipv6_route_failures", &kIpv6Routes, "failed", ""},
    Row{&C::router_advertisements_sent, "router_advertisements_sent", &kRouterAdvertisements,
        "sent", ""},
    Row{&C::router_advertisement_failures, "router_advertisement_failures", &kRouterAdvertisements,
        "failed", ""},
};

static_assert(model::counter_catalog_consistent<PppdCounters>(kCatalog),
              "pppd counter catalog with a counter, key or series twice");

}  // namespace

std::span<const model::CounterSpec<PppdCounters>> all_pppd_counters() {
    return kCatalog;
}

}  // namespace l2tp::ppp
