#!/usr/bin/env bash
# The first tunnel after start against the hundredth (not a test; not run by CI): l2tpd (null
# dataplane) is started afresh RUNS times in one namespace; each time the load generator, in
# another, sets up one L2TPv2 tunnel as soon as l2tpd is ready (its management socket exists),
# then 100 more one after another. Prints the first set-up's time and the p50 of the 100
# (median of the runs, min-max), as the load generator sees them: SCCRQ sent to SCCCN
# acknowledged. docs/daemon.md has the figures.
#
#   bash tests/bench/first_tunnel.sh build
#   L2TPD=old/build/src/daemon/l2tpd RUNS=20 bash tests/bench/first_tunnel.sh build
#
# Environment: L2TPD (the daemon to measure, default BUILD_DIR's), RUNS (default 10).
# Everything it creates is removed on exit.
set -euo pipefail
build=$(cd "${1:?usage: first_tunnel.sh BUILD_DIR}" && pwd)
needs=(python3)
# shellcheck source=../netns/lib.sh
source "$(dirname "$0")/../netns/lib.sh"

l2tpd=${L2TPD:-$build/src/daemon/l2tpd}
runs=${RUNS:-10}
server=192.0.2.2
cat >"$work/l2tpd.yaml" <<YAML
listen: ["$server"]
ip_encapsulation: false
dataplane: null
control_socket: $work/l2tpd.sock
profiles:
  lns: {version: 2, host_name: l2tpd-lns, hello_interval: 0}
accept: {l2tpv2: lns}
YAML

# set_up COUNT: COUNT tunnels one after another; prints the load generator's report.
set_up() {
  ip netns exec "$ns_a" "$build/tests/bench/l2tp_loadgen" --server "$server" \
    --local 192.0.2.1 --tunnels "$1" --sessions 0 --tunnels-in-flight 1 --timeout 30 --hello 0
}

for _ in $(seq "$runs"); do
  start "$ns_b" "$work/l2tpd.log" "$l2tpd" -c "$work/l2tpd.yaml" --log-level warn
  lns=$started
  wait_until 30 test -S "$work/l2tpd.sock" # ready: l2tpd binds it last
  set_up 1 >>"$work/first.json"
  set_up 1 >>"$work/second.json"
  set_up 100 >>"$work/later.json"
  kill -KILL "$lns"
  wait "$lns" 2>/dev/null || true
  rm -f "$work/l2tpd.sock"
done

python3 - "$work/first.json" "$work/second.json" "$work/later.json" <<'PY'
import json, statistics, sys
def times(path, key):
    return [json.loads(line)[key] for line in open(path) if line.startswith('{')]
first = times(sys.argv[1], 'tunnel_p50_ms')
second = times(sys.argv[2], 'tunnel_p50_ms')
later = times(sys.argv[3], 'tunnel_p50_ms')
def cell(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"
print("| runs | first tunnel, ms | second, ms | p50 of the next 100, ms |")
print("|---|---|---|---|")
print(f"| {len(first)} | {cell(first)} | {cell(second)} | {cell(later)} |")
PY
