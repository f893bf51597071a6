# shellcheck shell=bash
# Shared by the namespace tests: two network namespaces joined by a veth pair (192.0.2.1 on
# $veth_a in $ns_a, 192.0.2.2 on $veth_b in $ns_b), background processes, and the removal of
# all of it on exit, pass or fail. Source it after naming the commands the test needs (and,
# for ctl_lac and ctl_lns, the l2tpctl binary):
#   l2tpctl=$2; needs=(nft xl2tpd); source "$(dirname "$0")/lib.sh"
# A machine without root, network namespaces or those commands skips the test (exit 77; in CI
# it fails: skip.sh).
#   start NS LOG CMD...        runs CMD in NS in the background (ended on exit); PID in $started
#   fail MESSAGE...            the test fails with that message and the tail of every log
#   wait_until SECONDS CMD...  re-runs CMD until it succeeds, or fails (tests/lib/wait.sh)
#   ctl_lac ARGS...            l2tpctl --json to the LAC ($work/lac.sock, in $ns_a)
#   ctl_lns ARGS...            l2tpctl --json to the LNS ($work/lns.sock, in $ns_b)
#   CMD | json EXPR            prints the Python expression EXPR over CMD's JSON output (as d)
#   json_holds EXPR CMD...     whether EXPR holds over CMD's JSON output (for wait_until)
#   report_done FILE           whether FILE holds a whole report line
#   capture_start NS IFACE FILTER, capture_check MIN_FRAMES [SECRET]
#                              a tshark capture, and its verdict
work=$(mktemp -d /tmp/l2tpd-netns.XXXXXX)
ns_a=l2tpd-a-$$
ns_b=l2tpd-b-$$
veth_a=veth-a-$$
veth_b=veth-b-$$
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  # What those started lives in the test's namespaces too (xl2tpd's pppd, which may ignore its
  # parent's end): it goes with them, after a moment's grace, so that nothing outlives the test,
  # holds its output, or keeps the wait below from returning.
  local ns _
  for ns in "$ns_a" "$ns_b"; do
    for _ in $(seq 1 20); do
      [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
      sleep 0.1
    done
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  done
  wait 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=skip.sh
source "$lib_dir/skip.sh"
# shellcheck source=../lib/wait.sh
source "$lib_dir/../lib/wait.sh"
# shellcheck disable=SC2154 # needs: set by the test before it sources this file
for tool in "${needs[@]}"; do
  command -v "$tool" >/dev/null || skip_test "needs $tool"
done
if [ "$(id -u)" -ne 0 ] || ! ip netns add "$ns_a" 2>/dev/null; then
  skip_test "needs root and network namespaces"
fi
ip netns add "$ns_b"
ip link add "$veth_a" netns "$ns_a" type veth peer name "$veth_b" netns "$ns_b"
ip -n "$ns_a" addr add 192.0.2.1/24 dev "$veth_a"
ip -n "$ns_b" addr add 192.0.2.2/24 dev "$veth_b"
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set "$veth_a" up
ip -n "$ns_b" link set "$veth_b" up

# start NAMESPACE LOG COMMAND...: runs it in the background; its PID is left in $started.
start() {
  local ns=$1 log=$2
  shift 2
  ip netns exec "$ns" "$@" >>"$log" 2>&1 &
  started=$!
  pids+=("$started")
}

fail() {
  echo "FAIL: $*"
  for f in "$work"/*.log; do echo "--- $f"; tail -n 40 "$f"; done
  exit 1
}

# ctl_lac ARGS..., ctl_lns ARGS...: l2tpctl --json to the test's LAC (in $ns_a) or LNS (in
# $ns_b), whose configurations name $work/lac.sock and $work/lns.sock as control_socket.
# shellcheck disable=SC2154 # l2tpctl: set by the test before it sources this file
ctl_lac() { ip netns exec "$ns_a" "$l2tpctl" --socket "$work/lac.sock" --json "$@"; }
ctl_lns() { ip netns exec "$ns_b" "$l2tpctl" --socket "$work/lns.sock" --json "$@"; }

# CMD | json EXPR: prints the Python expression EXPR over the JSON document on stdin, as `d`.
json() { python3 "$lib_dir/../lib/json_query.py" "$1"; }

# json_holds EXPR CMD [ARG...]: whether the Python expression EXPR holds over CMD's JSON
# output (as `d`); false too when CMD fails. For wait_until:
#   wait_until 30 json_holds "len(d['sessions']) == 3" ctl_lns show sessions
json_holds() {
  local expr=$1
  shift
  "$@" | python3 "$lib_dir/../lib/json_query.py" --holds "$expr"
}

# report_done FILE: whether a report line (the load generator's) is whole: it ends in a
# newline. A test for a non-empty file alone can read it half-written.
report_done() { [ -s "$1" ] && [ -z "$(tail -c 1 "$1")" ]; }

# capture_start NS IFACE FILTER: tshark records IFACE in NS into $work/capture.pcap; returns
# once it is capturing: its "Capturing on" and a packet socket of dumpcap's bound to IFACE in
# NS (/proc/net/packet). tshark 4.4 (Debian 13) may say the first before dumpcap has the
# second, and the frames sent meanwhile were missed. Needs tshark in the test's `needs`.
capture_start() {
  start "$1" "$work/tshark.log" tshark -n -i "$2" -f "$3" -w "$work/capture.pcap"
  capture_pid=$started
  wait_until 30 grep -q 'Capturing on' "$work/tshark.log"
  local ifindex
  ifindex=$(ip netns exec "$1" cat "/sys/class/net/$2/ifindex")
  wait_until 30 packet_socket_on "$1" "$ifindex"
}
# captured_at_least N: the capture file, as dumpcap has written it so far, holds N L2TP frames.
captured_at_least() {
  [ "$(tshark -n -r "$work/capture.pcap" -Y l2tp 2>/dev/null | wc -l)" -ge "$1" ]
}
# packet_socket_on NS IFINDEX: an AF_PACKET socket in NS is bound to interface IFINDEX.
packet_socket_on() {
  # shellcheck disable=SC2016 # awk's own fields
  ip netns exec "$1" awk -v i="$2" 'NR > 1 && $5 == i { found = 1 } END { exit !found }' \
    /proc/net/packet
}

# capture_check MIN_FRAMES [SECRET]: stops the capture, then fails unless it holds at least
# MIN_FRAMES L2TP frames and tshark's dissector (given SECRET for L2TPv3 digests) finds no
# malformed packet, no warning and no incorrect digest. Leaves the frame count in $frames.
capture_check() {
  local min=$1 secret=${2:-}
  # dumpcap hands frames over in blocks, on a timer: stopped at once, it may lose the last
  # ones. So the capture is stopped once its file holds MIN_FRAMES.
  wait_until 10 captured_at_least "$min" # L2TP frames in the capture
  kill -INT "$capture_pid"
  wait "$capture_pid" || true
  frames=$(tshark -n -r "$work/capture.pcap" -Y l2tp 2>/dev/null | wc -l)
  [ "$frames" -ge "$min" ] || fail "only $frames L2TP frames captured"
  local problems
  problems=$(tshark -n -r "$work/capture.pcap" ${secret:+-o "l2tp.shared_secret:$secret"} \
    -Y '_ws.malformed || _ws.expert.severity >= "warning" || l2tp.incorrect_digest' \
    -T fields -e frame.number -e _ws.expert.message 2>/dev/null)
  [ -z "$problems" ] || fail "tshark reports: $problems"
}
