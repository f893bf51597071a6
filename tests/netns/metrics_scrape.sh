#!/usr/bin/env bash
# The Prometheus endpoint while tunnels come and go: an LNS (per-tunnel series on) is scraped
# every 50 ms from the LAC's namespace (metrics_scraper.py: every answer parsed by the
# Prometheus Python client, counters never going down, histograms well formed) while the LAC
# opens L2TPv2 and L2TPv3 tunnels, places and clears a call on each and closes them, five
# rounds, and a LAC with the wrong secret is refused once. Then the last scrape must show:
# 10 tunnel and 10 call set-ups timed, 10 StopCCN Result 1 and 10 CDN Result 3 received, one
# set-up failed with Result 4 and one authentication failure, SCCRQs counted by type, no
# tunnel left; and some scrape during the rounds saw an established tunnel with its per-tunnel
# series (the peer's Host Name as a label). Other paths are answered 404.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
here=$(dirname "$0")
needs=(python3)
# shellcheck source=lib.sh
source "$here/lib.sh"
# Debian's Python, where python3-prometheus-client is installed (python3 on PATH may be another).
py=/usr/bin/python3
"$py" -c "import prometheus_client" 2>/dev/null ||
  skip_test "needs the Prometheus Python client (python3-prometheus-client)"

cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
control_socket: $work/lns.sock
dataplane: null
metrics: {listen: "192.0.2.2:9641", per_tunnel: true}
profiles:
  # A closed tunnel is held for the full retransmission interval: 0.25 + 0.5 + 1 s here.
  v2: {version: 2, host_name: lns.test, secret: tunnel-secret, challenge: true,
       retransmit_initial: 0.25, retries: 2}
  v3: {version: 3, host_name: lns.test, router_id: 192.0.2.2, retransmit_initial: 0.25,
       retries: 2}
accept: {l2tpv2: v2, l2tpv3: v3}
YAML
cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
dataplane: null
profiles:
  v2: {version: 2, host_name: lac.test, secret: tunnel-secret, challenge: true}
  # Answers the LNS's challenge with the wrong secret: the LNS refuses it (StopCCN 4).
  wrong: {version: 2, host_name: intruder.test, secret: wrong-secret}
  v3: {version: 3, host_name: lac.test, router_id: 192.0.2.1}
peers:
  - {name: lns-v2, address: "192.0.2.2", profile: v2}
  - {name: lns-v3, address: "192.0.2.2", profile: v3}
  - {name: lns-wrong, address: "192.0.2.2", profile: wrong}
YAML
"$l2tpd" --check-config "$work/lns.yaml" >/dev/null

start "$ns_b" "$work/lns.log" "$l2tpd" -c "$work/lns.yaml"
wait_until 30 test -S "$work/lns.sock"
start "$ns_a" "$work/lac.log" "$l2tpd" -c "$work/lac.yaml"
wait_until 30 test -S "$work/lac.sock"

url=http://192.0.2.2:9641/metrics
start "$ns_a" "$work/scraper.log" "$py" "$here/metrics_scraper.py" "$url" "$work/stop" \
  "$work/summary.json" "$work/scrapes"
scraper=$started
# scrapes_at_least N: whether the scraper has parsed N answers (it counts them in
# $work/scrapes).
scrapes_at_least() { [ "$(cat "$work/scrapes")" -ge "$1" ]; }
# await_scrapes N: until the scraper has parsed N more answers.
await_scrapes() {
  local target=$(($(cat "$work/scrapes" 2>/dev/null || echo 0) + $1))
  wait_until 30 scrapes_at_least "$target"
}
await_scrapes 1

tunnels_of() { ctl_lac show tunnels | json "' '.join(str(t['tunnel_id']) for t in d['tunnels'] if t['state']=='$1')"; }
for round in 1 2 3 4 5; do
  ctl_lac tunnel add lns-v2 >/dev/null
  ctl_lac tunnel add lns-v3 >/dev/null
  # Two tunnels established.
  wait_until 30 json_holds "sum(t['state']=='established' for t in d['tunnels'])==2" \
    ctl_lns show tunnels
  for id in $(tunnels_of established); do
    ctl_lac session add "$id" --pseudowire ethernet >/dev/null
  done
  # A call on each.
  wait_until 30 json_holds "sum(s['state']=='established' for s in d['sessions'])==2" \
    ctl_lns show sessions
  await_scrapes 2 # one that began after the calls were up, and was answered
  ctl_lac show sessions | json "'\n'.join(f\"{s['tunnel_id']} {s['session_id']}\" for s in d['sessions'])" |
    while read -r tunnel session; do ctl_lac session delete "$tunnel" "$session" >/dev/null; done
  # Calls cleared on the LNS.
  wait_until 30 json_holds "len(d['sessions'])==0" ctl_lns show sessions
  for id in $(tunnels_of established); do ctl_lac tunnel delete "$id" >/dev/null; done
  # No tunnel left on the LNS.
  wait_until 60 json_holds "len(d['tunnels'])==0" ctl_lns show tunnels
  echo "round $round: two tunnels and a call on each came and went"
done
ctl_lac tunnel add lns-wrong >/dev/null
# The intruder is refused, its tunnel gone on the LNS.
wait_until 30 json_holds "d['stats']['auth_failures']==1" ctl_lns stats
wait_until 60 json_holds "len(d['tunnels'])==0" ctl_lns show tunnels

touch "$work/stop"
wait "$scraper" || fail "the scraper found a bad scrape: $(tail -n 3 "$work/scraper.log")"

# Another path: 404, the endpoint stays up.
code=$(ip netns exec "$ns_a" python3 -c "
import urllib.request, urllib.error
try:
    urllib.request.urlopen('http://192.0.2.2:9641/', timeout=5)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)")
[ "$code" = 404 ] || fail "GET / answered $code, expected 404"

"$py" - "$work/summary.json" <<'PY' || fail "the metrics do not tell what happened"
import json, sys
from prometheus_client.parser import text_string_to_metric_families

summary = json.load(open(sys.argv[1]))
last = {}
for family in text_string_to_metric_families(summary["last"]):
    for s in family.samples:
        last[(s.name, tuple(sorted(s.labels.items())))] = s.value

def value(name, **labels):
    return last.get((name, tuple(sorted(labels.items()))))

def peak(name, **labels):
    return summary["peak"].get(repr((name, tuple(sorted(labels.items())))))

checks = {
    "scrapes during the rounds": (summary["scrapes"] >= 20, summary["scrapes"]),
    "v2 tunnels timed": (value("l2tpd_tunnel_setup_duration_seconds_count", version="2") == 5,
                         value("l2tpd_tunnel_setup_duration_seconds_count", version="2")),
    "v3 tunnels timed": (value("l2tpd_tunnel_setup_duration_seconds_count", version="3") == 5,
                         value("l2tpd_tunnel_setup_duration_seconds_count", version="3")),
    "calls timed": (value("l2tpd_session_setup_duration_seconds_count", version="2") == 5 and
                    value("l2tpd_session_setup_duration_seconds_count", version="3") == 5, None),
    "StopCCN 1 received": (value("l2tpd_stopccn_total", direction="received",
                                 result_code="1") == 10, None),
    "CDN 3 received": (value("l2tpd_cdn_total", direction="received", result_code="3") == 10,
                       None),
    "intruder refused with 4": (value("l2tpd_tunnel_setup_failures_total", version="2",
                                      result_code="4") == 1 and
                                value("l2tpd_stopccn_total", direction="sent",
                                      result_code="4") == 1, None),
    "auth failure": (value("l2tpd_auth_failures_total") == 1, value("l2tpd_auth_failures_total")),
    # Retransmitted ones count again (0.25 s at first here).
    "SCCRQs": (value("l2tpd_control_messages_received_total", type="SCCRQ") >= 11,
               value("l2tpd_control_messages_received_total", type="SCCRQ")),
    "no tunnel left": (all(value("l2tpd_tunnels", version=v, state=st) == 0
                           for v in ("2", "3")
                           for st in ("idle", "wait-ctl-reply", "wait-ctl-conn", "established",
                                      "closing")), None),
    "established seen": (peak("l2tpd_tunnels", version="2", state="established") == 1 and
                         peak("l2tpd_sessions", version="3", state="established") == 1, None),
    "per-tunnel series seen": (any("l2tpd_tunnel_info" in k and "lac.test" in k
                                   for k in summary["peak"]), None),
    "bad input counted as none": (value("l2tpd_bad_input_total", reason="malformed") == 0, None),
}
failed = {name: seen for name, (ok, seen) in checks.items() if not ok}
if failed:
    print("failed:", failed)
    print(summary["last"])
    sys.exit(1)
PY
echo "metrics: $(json "d['scrapes']" <"$work/summary.json") scrapes parsed while 10 tunnels and 10 calls came and went; every count as expected"
