#include "l2tp/model/engine_counter_catalog.hpp"

#include <array>

namespace l2tp::model {

namespace {

using S = EngineStats;
using Row = CounterSpec<EngineStats>;

constexpr CounterFamily kDatagrams{"l2tpd_control_datagrams_received_total",
                                   "Datagrams read from the control sockets.", ""};
constexpr CounterFamily kBadInput{
    "l2tpd_bad_input_total",
    "Control packets dropped or answered with an error, by reason (docs/metrics.md).", "reason"};
constexpr CounterFamily kRefused{"l2tpd_refused_total", "Tunnels and sessions refused, by reason.",
                                 "reason"};
constexpr CounterFamily kAuthFailures{
    "l2tpd_auth_failures_total",
    "Tunnel authentication failures (challenge response, missing secret or nonce).", ""};
constexpr CounterFamily kUnknownAvps{"l2tpd_unknown_avps_total",
                                     "Optional AVPs not known, skipped.", ""};
constexpr CounterFamily kTieBreakersLost{"l2tpd_tie_breakers_lost_total",
                                         "Control connections dropped for a lost tie breaker.", ""};
constexpr CounterFamily kTunnelsClosed{"l2tpd_tunnels_closed_total",
                                       "Established control connections closed.", ""};
constexpr CounterFamily kSessionsClosed{"l2tpd_sessions_closed_total",
                                        "Established sessions closed.", ""};
constexpr CounterFamily kCallsHeld{
    "l2tpd_calls_held_total",
    "Calls the peers placed whose answer waited for set-ups under way (max_calls_setting_up).", ""};
constexpr CounterFamily kRetransmissions{
    "l2tpd_control_retransmissions_total",
    "Control messages sent again for want of an acknowledgement.", ""};

// Where a JSON key and a Prometheus label value differ, both are kept as operators know them.
constexpr std::array kCatalog = {
    // counter, JSON key, Prometheus family, label value, bad-input log phrase
    Row{&S::datagrams, "datagrams", &kDatagrams, "", ""},
    // Not in `l2tpctl stats` (it never was).
    Row{&S::retransmissions, "", &kRetransmissions, "", ""},
    Row{&S::malformed, "malformed", &kBadInput, "malformed", "malformed"},
    // Counted, not logged: data the kernel did not take is a session's late packets in its
    // tunnel's closing hold (the kernel tunnel is gone, its socket not yet) or data for a
    // datapath that carries none, not a peer's fault.
    Row{&S::not_control, "not_control", &kBadInput, "not_control", ""},
    Row{&S::unknown_tunnel, "unknown_tunnel", &kBadInput, "unknown_tunnel", "unknown tunnel"},
    Row{&S::unknown_session, "unknown_session", &kBadInput, "unknown_session", "unknown session"},
    Row{&S::bad_digest, "bad_digest", &kBadInput, "bad_digest", "bad digest"},
    Row{&S::refused_sccrq, "refused_sccrq", &kRefused, "version", "SCCRQ refused"},
    Row{&S::refused_half_open, "refused_half_open", &kRefused, "half_open",
        "SCCRQ over the half-open limit"},
    Row{&S::refused_half_open_source, "refused_half_open_source", &kRefused, "half_open_source",
        "SCCRQ over the half-open limit of its source"},
    Row{&S::refused_tunnel_limit, "refused_tunnel_limit", &kRefused, "tunnel_limit", ""},
    Row{&S::refused_session_limit, "refused_session_limit", &kRefused, "session_limit", ""},
    Row{&S::refused_unconfigured_pseudowire, "refused_unconfigured_pseudowire", &kRefused,
        "unconfigured_pseudowire", ""},
    Row{&S::refused_calls_held, "refused_calls_held", &kRefused, "calls_held", ""},
    Row{&S::calls_held, "calls_held", &kCallsHeld, "", ""},
    Row{&S::send_queue_overflows, "send_queue_overflows", &kRefused, "send_queue_overflow", ""},
    Row{&S::stray_sccrp, "stray_sccrp", &kBadInput, "stray_sccrp", "SCCRP for no SCCRQ"},
    Row{&S::protocol_errors, "protocol_errors", &kBadInput, "protocol_error", "protocol error"},
    Row{&S::auth_failures, "auth_failures", &kAuthFailures, "", "authentication failure"},
    Row{&S::unknown_avps, "unknown_avps", &kUnknownAvps, "", ""},
    Row{&S::tie_breakers_lost, "tie_breakers_lost", &kTieBreakersLost, "", ""},
    // Prometheus has the established ones as the set-up histograms' counts.
    Row{&S::tunnels_established, "tunnels_established", nullptr, "", ""},
    Row{&S::tunnels_closed, "tunnels_closed", &kTunnelsClosed, "", ""},
    Row{&S::sessions_established, "sessions_established", nullptr, "", ""},
    Row{&S::sessions_closed, "sessions_closed", &kSessionsClosed, "", ""},
};

static_assert(counter_catalog_consistent<EngineStats>(kCatalog),
              "engine counter catalog with a counter, key, series or phrase twice");

}  // namespace

std::span<const CounterSpec<EngineStats>> all_engine_counters() {
    return kCatalog;
}

}  // namespace l2tp::model
