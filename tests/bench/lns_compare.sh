#!/usr/bin/env bash
# The LNS load benchmark (not a test; not run by CI): l2tp_loadgen plays many L2TPv2 LACs in
# one network namespace against an LNS in another, over a veth pair, for the shapes
# tunnels x calls-per-tunnel 1x20000, 100x10, 1000x1 and 10000x0, against l2tpd (null
# dataplane), xl2tpd and l2tpns. Prints a Markdown table: tunnels and calls up, tunnels/s,
# calls/s answered (until the last ICRP) and delivered (until the last ICCN left, which a small
# LNS window with slow acknowledgements holds back), p50/p99 set-up time, and the LNS's
# resident memory per call (per tunnel for 10000x0).
# Then the CPU l2tpd spends on 10 000 idle tunnels exchanging hellos.
#
#   bash tests/bench/lns_compare.sh build             # everything (about 10 minutes)
#   LNS="l2tpd" SHAPES="100x10" IDLE_SECONDS=0 bash tests/bench/lns_compare.sh build
#
# Environment: LNS (default "l2tpd xl2tpd l2tpns"), SHAPES (default "1x20000 100x10 1000x1
# 10000x0"), TIMEOUT (seconds per run, default 60), IDLE_SECONDS (CPU window, default 60; 0
# skips it), CALL_CONCURRENCY (calls in set-up at once, default 256). Everything it creates is
# removed on exit.
set -euo pipefail
build=$(cd "${1:?usage: lns_compare.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
needs=(xl2tpd l2tpns python3)
# shellcheck source=../netns/lib.sh
source "$here/../netns/lib.sh"
# shellcheck source=lns_peers.sh
source "$here/lns_peers.sh"
trap 'lns_peers_cleanup; cleanup' EXIT

lns_list=${LNS:-l2tpd xl2tpd l2tpns}
shapes=${SHAPES:-1x20000 100x10 1000x1 10000x0}
timeout=${TIMEOUT:-60}
idle_seconds=${IDLE_SECONDS:-60}
call_concurrency=${CALL_CONCURRENCY:-256}
loadgen=$build/tests/bench/l2tp_loadgen
server=192.0.2.2

start_l2tpd_lns() {
  local hello=$1
  cat > "$work/l2tpd.yaml" <<YAML
listen: ["$server"]
ip_encapsulation: false
control_socket: $work/l2tpd.sock
max_half_open: 100000
profiles:
  lns: {version: 2, host_name: l2tpd-lns, hello_interval: $hello}
accept: {l2tpv2: lns}
YAML
  start "$ns_b" "$work/l2tpd.log" "$build/src/daemon/l2tpd" -c "$work/l2tpd.yaml" \
    --log-level warn
  LNS_PEER_PID=$started
  await "l2tpd's management socket" "[ -S $work/l2tpd.sock ] && echo True"
}

start_lns() {
  case $1 in
    l2tpd) start_l2tpd_lns 60 ;;
    xl2tpd) start_xl2tpd_lns "$ns_b" "$server" "$work/xl2tpd" > /dev/null ;;
    l2tpns) start_l2tpns_lns "$ns_b" "$server" "$work/l2tpns" > /dev/null ;;
  esac
}

stop_lns() {
  if [ "$1" = l2tpd ]; then
    kill -KILL "$LNS_PEER_PID" 2>/dev/null || true
    wait "$LNS_PEER_PID" 2>/dev/null || true
    rm -f "$work/l2tpd.sock"
  else
    stop_peer "$LNS_PEER_PID"
  fi
}

# Resident memory of PID in KiB, or "gone" when it has died (xl2tpd aborts past ~1 000 calls).
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo gone; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_shape LNS TUNNELS CALLS: one load run against a fresh LNS; prints a table row.
run_shape() {
  local lns=$1 tunnels=$2 calls=$3 before after report loadgen_pid
  start_lns "$lns"
  local pid=$LNS_PEER_PID
  before=$(rss_kib "$pid")
  # The load generator holds the tunnels after its report, so the LNS's memory is read while
  # every tunnel and call is still up.
  ip netns exec "$ns_a" "$loadgen" --server "$server" --local 192.0.2.1 --tunnels "$tunnels" \
    --sessions "$calls" --timeout "$timeout" --hold 600 --hello 0 \
    --session-concurrency "$call_concurrency" \
    > "$work/report.json" 2> "$work/loadgen.log" &
  loadgen_pid=$!
  pids+=("$loadgen_pid")
  await "the load generator's report" "[ -s $work/report.json ] && echo True" $(( timeout * 10 + 600 ))
  # The last SCCCN / ICCN was sent when the report came: give it a moment to be processed.
  sleep 1
  after=$(rss_kib "$pid")
  kill "$loadgen_pid" 2>/dev/null || true
  wait "$loadgen_pid" 2>/dev/null || true
  stop_lns "$lns"
  python3 - "$lns" "$tunnels" "$calls" "$before" "$after" "$work/report.json" <<'PY'
import json, sys
lns, tunnels, calls, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    sys.argv[4], sys.argv[5]
r = json.loads(open(sys.argv[6]).readline())
units = r['sessions_up'] if calls else r['tunnels_up']
unit = 'B/call' if calls else 'B/tunnel'
memory = f"{(int(after) - int(before)) * 1024 / units:.0f} {unit}" \
    if units and after != 'gone' else 'n/a'
note = 'LNS died' if after == 'gone' else ''
if r['timed_out']:
    note = (note + ', ' if note else '') + 'timed out'
if r['failures']:
    note = (note + ', ' if note else '') + f"{r['failures']} failures"
rate = r['sessions_per_s'] if calls else r['tunnels_per_s']
p50 = r['session_p50_ms'] if calls else r['tunnel_p50_ms']
p99 = r['session_p99_ms'] if calls else r['tunnel_p99_ms']
answered = r['sessions_answered_per_s'] if calls else 0
print(f"| {lns} | {tunnels}x{calls} | {r['tunnels_up']} | {r['sessions_up']} | "
      f"{r['tunnels_per_s']:.0f} | {answered:.0f} | {rate if calls else 0:.0f} | {p50:.1f} | "
      f"{p99:.1f} | {memory} | {note} |")
PY
}

echo "| LNS | shape | tunnels up | calls up | tunnels/s | calls/s answered | calls/s delivered" \
  "| p50 ms | p99 ms | RSS | note |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for lns in $lns_list; do
  for shape in $shapes; do
    run_shape "$lns" "${shape%x*}" "${shape#*x}"
  done
done

if [ "$idle_seconds" -gt 0 ]; then
  # 10 000 idle tunnels; l2tpd sends each a HELLO every 60 s (RFC 2661 §6.5) and the load
  # generator acknowledges them.
  start_l2tpd_lns 60
  ip netns exec "$ns_a" "$loadgen" --server "$server" --local 192.0.2.1 --tunnels 10000 \
    --timeout "$timeout" --hold $(( idle_seconds + 120 )) --hello 0 \
    > "$work/report.json" 2> "$work/loadgen.log" &
  pids+=("$!")
  await "10 000 tunnels" "[ -s $work/report.json ] && echo True" $(( timeout * 10 + 600 ))
  # Start the window once the set-up's last acknowledgements are through.
  sleep 5
  ticks_before=$(cpu_ticks "$LNS_PEER_PID")
  sleep "$idle_seconds"
  ticks_after=$(cpu_ticks "$LNS_PEER_PID")
  hellos=$(ip netns exec "$ns_b" "$build/src/ctl/l2tpctl" --socket "$work/l2tpd.sock" --json \
    stats | python3 -c "import json,sys; print(json.load(sys.stdin)['stats']['datagrams'])")
  python3 - "$ticks_before" "$ticks_after" "$idle_seconds" "$(getconf CLK_TCK)" "$hellos" <<'PY'
import sys
before, after, seconds, hz, datagrams = map(int, sys.argv[1:])
print(f"\nl2tpd, 10 000 idle tunnels, hello every 60 s: {100 * (after - before) / hz / seconds:.2f} % "
      f"of a core over {seconds} s ({datagrams} datagrams received since start)")
PY
fi
