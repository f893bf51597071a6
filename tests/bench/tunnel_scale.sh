#!/usr/bin/env bash
# Tunnel set-ups per second as the number of tunnels grows (not a test; not run by CI): the
# load generator opens N L2TPv2 tunnels (no calls) against l2tpd (null dataplane) in another
# namespace, once on the shared port 1701 (tunnel_ports: shared, the default: the null
# dataplane asks for no socket of a tunnel's own, so the listener carries every tunnel) and
# once with a socket on a port of its own per tunnel (tunnel_ports: per-tunnel). A set-up is
# done when the LAC's SCCCN is acknowledged. Prints a Markdown table (docs/daemon.md).
#
#   bash tests/bench/tunnel_scale.sh build
#   COUNTS="1000 10000" MODES=per-tunnel bash tests/bench/tunnel_scale.sh build
#
# Environment: COUNTS (default "1000 10000 60000"), MODES (default "shared per-tunnel"),
# LACS (source ports of the load generator, default 500), TIMEOUT (seconds per run, default
# 300). l2tpd raises its descriptor limit to the hard limit: past it, tunnels get no socket of
# their own and the listener carries them (logged). Everything it creates is removed on exit.
set -euo pipefail
build=$(cd "${1:?usage: tunnel_scale.sh BUILD_DIR}" && pwd)
needs=(python3)
# shellcheck source=../netns/lib.sh
source "$(dirname "$0")/../netns/lib.sh"

counts=${COUNTS:-1000 10000 60000}
modes=${MODES:-shared per-tunnel}
lacs=${LACS:-500}
timeout=${TIMEOUT:-300}
server=192.0.2.2

run() {
  local mode=$1 tunnels=$2 lns loadgen
  cat >"$work/l2tpd.yaml" <<YAML
listen: ["$server"]
ip_encapsulation: false
dataplane: null
control_socket: $work/l2tpd.sock
max_half_open: 100000
max_half_open_per_source: 100000
max_tunnels: 100000
tunnel_ports: $mode
tunnel_port_range: [2000, 65000]
profiles:
  lns: {version: 2, host_name: l2tpd-lns, hello_interval: 0}
accept: {l2tpv2: lns}
YAML
  : >"$work/l2tpd.log"
  start "$ns_b" "$work/l2tpd.log" "$build/src/daemon/l2tpd" -c "$work/l2tpd.yaml" --log-level warn
  lns=$started
  wait_until 30 test -S "$work/l2tpd.sock" # l2tpd's management socket
  rm -f "$work/report.json"
  ip netns exec "$ns_a" "$build/tests/bench/l2tp_loadgen" \
    --server "$server" --local 192.0.2.1 --tunnels "$tunnels" --sessions 0 --lacs "$lacs" \
    --timeout "$timeout" --hold 600 --hello 0 --tunnels-in-flight 64 \
    >"$work/report.json" 2>"$work/loadgen.log" &
  loadgen=$!
  pids+=("$loadgen")
  wait_until $((timeout + 60)) report_done "$work/report.json"
  kill "$loadgen" 2>/dev/null || true
  wait "$loadgen" 2>/dev/null || true
  kill -KILL "$lns" 2>/dev/null || true
  wait "$lns" 2>/dev/null || true
  rm -f "$work/l2tpd.sock"
  local shared
  shared=$(grep -o 'no socket of its own[^(]*([0-9]* tunnel' "$work/l2tpd.log" | tail -n 1 |
    grep -o '[0-9]* tunnel$' || true)
  python3 - "$mode" "$tunnels" "$work/report.json" "${shared% tunnel}" <<'PY'
import json, sys
mode, tunnels = sys.argv[1], int(sys.argv[2])
r = json.loads(open(sys.argv[3]).readline())
note = "timed out" if r["timed_out"] else ""
if sys.argv[4]:
    note += f"{', ' if note else ''}at least {sys.argv[4]} without a socket of their own"
print(f"| {mode} | {tunnels} | {r['tunnels_up']} | {r['tunnels_per_s']:.0f} | "
      f"{r['tunnel_p50_ms']:.2f} | {r['tunnel_p99_ms']:.2f} | {note} |")
PY
}

echo "| tunnel_ports | tunnels | up | tunnels/s | p50 ms | p99 ms | note |"
echo "|---|---|---|---|---|---|---|"
for mode in $modes; do
  for n in $counts; do
    run "$mode" "$n"
  done
done
