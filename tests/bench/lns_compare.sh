#!/usr/bin/env bash
# The LNS load benchmark (not a test; not run by CI): l2tp_loadgen plays many L2TPv2 LACs in
# one network namespace against an LNS in another, over a veth pair, against l2tpd (null
# dataplane), xl2tpd and l2tpns. A set-up counts as the LAC sees it: done once the LNS has
# acknowledged the LAC's last message of it (SCCCN, ICCN). Each shape TUNNELSxCALLS@N runs in
# two modes:
#   bounded    like a LAC with a 4-message window: 4 call set-ups in flight per tunnel, N in
#              flight overall (calls, and tunnels), receive window 4;
#   unbounded  calls pipelined without a per-tunnel bound, 256 tunnel and 256 call set-ups in
#              flight overall, receive window 64.
# Each shape runs REPEAT times, the servers in turn within each repetition, in a rotated order
# from one repetition to the next, so that a drift of the machine's speed does not favour one.
# The LNS runs on one core and the load generator on another (where there are two).
# Prints a Markdown table per mode, the median of the repetitions (min-max where they differ):
# tunnels and calls up, tunnels/s, calls/s, p50/p99 set-up time (of calls, or of tunnels where
# a shape has none), and the LNS's resident memory per call (per tunnel where a shape has no
# calls). Then the CPU l2tpd spends on 10 000 idle tunnels exchanging hellos.
#
#   bash tests/bench/lns_compare.sh build             # everything (about 10 minutes)
#   LNS="l2tpd" SHAPES="100x10@16" MODES=bounded IDLE_SECONDS=0 bash tests/bench/lns_compare.sh build
#   BASELINE=old/build LNS="l2tpd baseline xl2tpd l2tpns" SHAPES="490x0@64" ...  # old vs new
#
# Environment: LNS (default "l2tpd xl2tpd l2tpns"; "baseline" is the l2tpd of BASELINE's build
# folder), SHAPES (default "1x2000@4 1x20000@4 100x10@16 400x25@64 1000x1@64 490x0@64 1000x0@64
# 4000x0@64"), MODES (default "bounded unbounded"), REPEAT (default 3), TIMEOUT (seconds per
# run, default 60), IDLE_SECONDS (CPU window, default 60; 0 skips it). Everything it creates is
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
shapes=${SHAPES:-1x2000@4 1x20000@4 100x10@16 400x25@64 1000x1@64 490x0@64 1000x0@64 4000x0@64}
modes=${MODES:-bounded unbounded}
timeout=${TIMEOUT:-60}
idle_seconds=${IDLE_SECONDS:-60}
repeat=${REPEAT:-3}
loadgen=$build/tests/bench/l2tp_loadgen
server=192.0.2.2
baseline=
[ -z "${BASELINE:-}" ] || baseline=$(cd "$BASELINE" && pwd)
# The LNS on the last core, the load generator on the first.
lns_cpu=$(($(nproc) - 1))

start_l2tpd_lns() {
  local hello=$1 daemon=${2:-$build/src/daemon/l2tpd}
  cat > "$work/l2tpd.yaml" <<YAML
listen: ["$server"]
ip_encapsulation: false
control_socket: $work/l2tpd.sock
max_half_open: 100000
profiles:
  lns: {version: 2, host_name: l2tpd-lns, hello_interval: $hello}
accept: {l2tpv2: lns}
YAML
  start "$ns_b" "$work/l2tpd.log" "$daemon" -c "$work/l2tpd.yaml" --log-level warn
  LNS_PEER_PID=$started
  wait_until 30 test -S "$work/l2tpd.sock" # l2tpd's management socket
}

start_lns() {
  case $1 in
    l2tpd) start_l2tpd_lns 60 ;;
    baseline) start_l2tpd_lns 60 "${baseline:?BASELINE names no build folder}/src/daemon/l2tpd" ;;
    xl2tpd) start_xl2tpd_lns "$ns_b" "$server" "$work/xl2tpd" > /dev/null ;;
    l2tpns) start_l2tpns_lns "$ns_b" "$server" "$work/l2tpns" > /dev/null ;;
  esac
}

stop_lns() {
  if [ "$1" = l2tpd ] || [ "$1" = baseline ]; then
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

# in_flight_options MODE N: the load generator's bounds for one mode.
in_flight_options() {
  case $1 in
    bounded) echo "--calls-in-flight-per-tunnel 4 --calls-in-flight $2 --tunnels-in-flight $2" \
      "--window 4" ;;
    unbounded) echo "--calls-in-flight-per-tunnel 0 --calls-in-flight 256 --tunnels-in-flight 256" \
      "--window 64" ;;
  esac
}

# run_shape MODE LNS TUNNELS CALLS IN_FLIGHT: one load run against a fresh LNS; appends its
# figures to $work/rows.json.
run_shape() {
  local mode=$1 lns=$2 tunnels=$3 calls=$4 in_flight=$5 before after loadgen_pid
  start_lns "$lns"
  local pid=$LNS_PEER_PID
  taskset -apc "$lns_cpu" "$pid" >/dev/null
  before=$(rss_kib "$pid")
  # The load generator holds the tunnels after its report, so the LNS's memory is read while
  # every tunnel and call is still up.
  # The previous run's report goes first: the redirection below truncates it only once the
  # background job runs, and a wait that came first would take the old report for this one's.
  rm -f "$work/report.json"
  # shellcheck disable=SC2046 # the options are words
  ip netns exec "$ns_a" taskset -c 0 "$loadgen" --server "$server" --local 192.0.2.1 \
    --tunnels "$tunnels" --sessions "$calls" --timeout "$timeout" --hold 600 --hello 0 \
    $(in_flight_options "$mode" "$in_flight") \
    > "$work/report.json" 2> "$work/loadgen.log" &
  loadgen_pid=$!
  pids+=("$loadgen_pid")
  wait_until $((timeout + 60)) report_done "$work/report.json"
  # Every set-up was acknowledged when the report came: the LNS holds all it keeps of them.
  after=$(rss_kib "$pid")
  kill "$loadgen_pid" 2>/dev/null || true
  wait "$loadgen_pid" 2>/dev/null || true
  stop_lns "$lns"
  # The load generator's own words, when it had any (on stderr: the report is stdout).
  [ ! -s "$work/loadgen.log" ] || sed 's/^/loadgen: /' "$work/loadgen.log" | tail -n 20 >&2
  python3 - "$lns" "$tunnels" "$calls" "$before" "$after" "$work/report.json" \
    >>"$work/rows.json" <<'PY'
import json, sys
lns, tunnels, calls, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    sys.argv[4], sys.argv[5]
row = {'lns': lns, 'shape': f"{tunnels}x{calls}", 'calls': calls}
try:
    r = json.loads(open(sys.argv[6]).readline())
except ValueError:
    # What it wrote instead goes to stderr, so that a failed run says why.
    print("report.json began: " + repr(open(sys.argv[6]).read(300)), file=sys.stderr)
    print(json.dumps(row | {'note': 'no report from the load generator'}))
    sys.exit(0)
units = r['sessions_up'] if calls else r['tunnels_up']
notes = []
if after == 'gone':
    notes.append('LNS died')
if r['timed_out']:
    notes.append('timed out')
if r['failures']:
    notes.append(f"{r['failures']} failures")
row |= {
    'tunnels_up': r['tunnels_up'], 'calls_up': r['sessions_up'],
    'tunnels_per_s': r['tunnels_per_s'], 'calls_per_s': r['sessions_per_s'] if calls else None,
    'p50': r['session_p50_ms'] if calls else r['tunnel_p50_ms'],
    'p99': r['session_p99_ms'] if calls else r['tunnel_p99_ms'],
    'memory': (int(after) - int(before)) * 1024 / units if units and after != 'gone' else None,
    'note': ', '.join(notes),
}
print(json.dumps(row))
PY
}

# The table of one mode: per server and shape, the median of the repetitions (min-max).
print_table() {
  python3 - "$work/rows.json" "$lns_list" "$shapes" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def cell(values, digits):
    values = [v for v in values if v is not None]
    if not values:
        return '-'
    median = f"{statistics.median(values):.{digits}f}"
    low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return median if low == high else f"{median} ({low}-{high})"
for lns in sys.argv[2].split():
    for shape in sys.argv[3].split():
        size = shape.split('@')[0]
        runs = [r for r in rows if r['lns'] == lns and r['shape'] == size]
        if not runs:
            continue
        unit = 'B/call' if runs[0]['calls'] else 'B/tunnel'
        memory = cell([r.get('memory') for r in runs], 0)
        notes = '; '.join(sorted({r['note'] for r in runs if r.get('note')}))
        print(f"| {lns} | {size} | {cell([r.get('tunnels_up') for r in runs], 0)} | "
              f"{cell([r.get('calls_up') for r in runs], 0)} | "
              f"{cell([r.get('tunnels_per_s') for r in runs], 0)} | "
              f"{cell([r.get('calls_per_s') for r in runs], 0)} | "
              f"{cell([r.get('p50') for r in runs], 2)} | {cell([r.get('p99') for r in runs], 2)} | "
              f"{memory if memory == '-' else memory + ' ' + unit} | {notes} |")
PY
}

read -r -a servers <<<"$lns_list"
for mode in $modes; do
  : >"$work/rows.json"
  for shape in $shapes; do
    size=${shape%@*}
    in_flight=${shape#*@}
    [ "$in_flight" != "$shape" ] || in_flight=64
    for rep in $(seq 0 $((repeat - 1))); do
      for i in "${!servers[@]}"; do
        lns=${servers[$(((i + rep) % ${#servers[@]}))]}
        run_shape "$mode" "$lns" "${size%x*}" "${size#*x}" "$in_flight"
      done
    done
  done
  echo
  echo "$mode: $(in_flight_options "$mode" N); median of $repeat (min-max)"
  echo
  echo "| LNS | shape | tunnels up | calls up | tunnels/s | calls/s | p50 ms | p99 ms | RSS | note |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  print_table
done

if [ "$idle_seconds" -gt 0 ]; then
  # 10 000 idle tunnels; l2tpd sends each a HELLO every 60 s (RFC 2661 §6.5) and the load
  # generator acknowledges them.
  start_l2tpd_lns 60
  rm -f "$work/report.json"
  ip netns exec "$ns_a" "$loadgen" --server "$server" --local 192.0.2.1 --tunnels 10000 \
    --timeout "$timeout" --hold $(( idle_seconds + 120 )) --hello 0 \
    > "$work/report.json" 2> "$work/loadgen.log" &
  pids+=("$!")
  wait_until $((timeout + 60)) report_done "$work/report.json" # 10 000 tunnels
  # Start the window once the set-up's last acknowledgements are through.
  sleep 5
  ticks_before=$(cpu_ticks "$LNS_PEER_PID")
  sleep "$idle_seconds"
  ticks_after=$(cpu_ticks "$LNS_PEER_PID")
  hellos=$(ip netns exec "$ns_b" "$build/src/ctl/l2tpctl" --socket "$work/l2tpd.sock" --json \
    stats | json "d['stats']['datagrams']")
  python3 - "$ticks_before" "$ticks_after" "$idle_seconds" "$(getconf CLK_TCK)" "$hellos" <<'PY'
import sys
before, after, seconds, hz, datagrams = map(int, sys.argv[1:])
print(f"\nl2tpd, 10 000 idle tunnels, hello every 60 s: {100 * (after - before) / hz / seconds:.2f} % "
      f"of a core over {seconds} s ({datagrams} datagrams received since start)")
PY
fi
