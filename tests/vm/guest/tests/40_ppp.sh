#!/usr/bin/env bash
# PPP sessions over the kernel's PPPoL2TP sockets, l2tpd on both ends of a veth between two
# namespaces: A is the LAC (and an L2TPv3 LCCE that places a PPP pseudowire), B the LNS.
# Debian's pppd with its pppol2tp plugin runs on both sides, CHAP from A to B; both l2tpd run
# with the capabilities of systemd/l2tpd.service.in, which their pppds inherit.
#   - L2TPv2: one call with a calling number: PPP up on both sides, ping across ppp, B's ip-up
#     script sees the ipparam pattern and the L2TP_* environment; ip l2tp show and
#     /proc/net/pppol2tp agree with l2tpctl --json; session delete stops both pppds;
#   - an L2TPv3 PPP pseudowire (from the configuration): PPP up, ping across it;
#   - 20 calls placed at once in one tunnel: all 20 links up, each pinged (IPv6 link-local);
#   - kill -9 of one of A's pppds: A sends CDN, the session leaves both kernels, B's pppd for
#     it stops, the tunnel and the other sessions stay;
#   - SIGKILL of l2tpd A: no pppd, PPPoL2TP session or kernel tunnel of it remains; restarted,
#     its tunnels and the pseudowire come back; B drops the dead tunnel's sessions and pppds;
#   - SIGTERM of both: no pppd left, both kernels empty.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
here=${BASH_SOURCE[0]%/*}/..
daemon_test
ns_pair
ppp_secrets
unit_privileges

# pppd options, per side and version. The v2 ones are rewritten for the 20 calls (IPv6 only:
# every link has the same two IPv4 addresses otherwise).
cat >"$work/ip-up" <<EOT
#!/bin/sh
echo "\$1 ipparam=\$6 calling=\$L2TP_CALLING_NUMBER tunnel=\$L2TP_TUNNEL_ID session=\$L2TP_SESSION_ID peer=\$L2TP_PEER" >>$work/ip-up.log
EOT
chmod +x "$work/ip-up"
v2_options() {  # IPv4 or IPv6
  local common="nodefaultroute
noccp
novj
logfile $logs/40_ppp_pppd.log"
  if [ "$1" = IPv4 ]; then
    printf '%s\nrequire-chap\n10.99.0.1:10.99.0.2\nip-up-script %s/ip-up\n' "$common" "$work" >"$work/lns.options"
    printf '%s\nnoauth\n' "$common" >"$work/lac.options"
  else
    printf '%s\nrequire-chap\nnoip\n+ipv6\n' "$common" >"$work/lns.options"
    printf '%s\nnoauth\nnoip\n+ipv6\n' "$common" >"$work/lac.options"
  fi
}
v2_options IPv4
printf 'nodefaultroute\nnoccp\nnovj\nnoauth\n10.98.0.1:10.98.0.2\nlogfile %s/40_ppp_pppd.log\n' \
  "$logs" >"$work/lns3.options"
printf 'nodefaultroute\nnoccp\nnovj\nnoauth\nlogfile %s/40_ppp_pppd.log\n' "$logs" >"$work/lac3.options"

cat >"$work/a.yaml" <<EOT
listen: ["192.0.2.1"]
dataplane: kernel
control_socket: /run/l2tpd-a.sock
# Two tunnels to B (v2 and v3): the kernel tells UDP tunnels apart by their addresses and
# ports, so each gets a port of its own.
tunnel_ports: per-tunnel
ppp:
  options_file: $work/lac.options
  name: lac
  stop_timeout: 2
profiles:
  lac: {version: 2, secret: vm-tunnel-secret, hello_interval: 1, retries: 4, retransmit_initial: 0.5}
  lcce: {version: 3, secret: vm-tunnel-secret, digest: md5, hello_interval: 1, retries: 4,
         retransmit_initial: 0.5}
peers:
  - {name: lns, address: "192.0.2.2", profile: lac, connect: true}
  - {name: lcce-b, address: "192.0.2.2", profile: lcce, connect: true,
     ppp: {options_file: $work/lac3.options}}
pseudowires:
  - {name: ppp3, peer: lcce-b, type: ppp}
EOT
cat >"$work/b.yaml" <<EOT
listen: ["192.0.2.2"]
dataplane: kernel
control_socket: /run/l2tpd-b.sock
ppp:
  options_file: $work/lns.options
  name: lns
  ipparam: "%p-%c"
  lcp_echo_interval: 3 # not less: 42 pppds in the emulated guest can be starved for seconds
  lcp_echo_failure: 4
  stop_timeout: 2
profiles:
  lns: {version: 2, secret: vm-tunnel-secret, hello_interval: 1, retries: 4, retransmit_initial: 0.5}
  lcce: {version: 3, secret: vm-tunnel-secret, digest: md5, hello_interval: 1, retries: 4,
         retransmit_initial: 0.5, ppp: {options_file: $work/lns3.options}}
accept: {l2tpv2: lns}
peers:
  - {name: lcce-a, address: "192.0.2.1", profile: lcce}
pseudowires:
  - {name: ppp3, peer: lcce-a, type: ppp}
EOT

sessions() { ctl "$1" --json show sessions >"$work/$1.json"; }
up_count() {
  sessions "$1"
  grep -c '"ppp_state": "up"' "$work/$1.json" || true
}
both_up() { [ "$(up_count a)" -eq "$1" ] && [ "$(up_count b)" -eq "$1" ]; }
v2_tunnel() {
  ctl a --json show tunnels | python3 -c '
import json, sys
print(next(t["tunnel_id"] for t in json.load(sys.stdin)["tunnels"]
           if t["version"] == 2 and t["state"] == "established"))'
}
agree() {
  local side=$1 ns_var=ns_$1
  sessions "$side"
  ctl "$side" --json show tunnels >"$work/$side-tunnels.json"
  python3 "$here/ppp_agrees.py" "$work/$side.json" "$work/$side-tunnels.json" "${!ns_var}" "$2"
}
# The pppds an l2tpd instance started (their link names carry its PID).
pppds_of() { pgrep -f "linkname l2tpd-$1-" || true; }

start_daemon b "${as_unit[@]}"
start_daemon a "${as_unit[@]}"
echo "daemons started"
wait_until 60 v2_tunnel # A's L2TPv2 tunnel
wait_until 90 both_up 1 # the L2TPv3 PPP pseudowire up on both sides
tunnel=$(v2_tunnel)
echo "pseudowire up; placing an L2TPv2 call on tunnel $tunnel"
ctl a session add "$tunnel" --calling-number 5550100 >/dev/null
wait_until 90 both_up 2 # the L2TPv2 call's PPP up on both sides

ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.99.0.1 >/dev/null || fail "no ping reply across the L2TPv2 PPP link"
ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.98.0.1 >/dev/null || fail "no ping reply across the L2TPv3 PPP pseudowire"
grep -q "ipparam=192.0.2.1-5550100 calling=5550100 tunnel=[0-9]* session=[0-9]* peer=192.0.2.1" "$work/ip-up.log" ||
  fail "B's ip-up did not see the call: $(cat "$work/ip-up.log" 2>&1)"
grep -q '"calling_number": "5550100"' "$work/b.json" || fail "B's l2tpctl does not show the calling number"
# The unit's set: CAP_NET_BIND_SERVICE (10), CAP_NET_ADMIN (12), CAP_NET_RAW (13).
for p in $(pppds_of "$pid_b"); do
  grep -q "^CapBnd:[[:space:]]*0*3400$" "/proc/$p/status" || fail "pppd $p has other capabilities than the unit's"
done
agree a 2 || fail "A: l2tpctl and the kernel disagree"
agree b 2 || fail "B: l2tpctl and the kernel disagree"
echo "L2TPv2 call and L2TPv3 pseudowire: PPP up, ping, ip-up saw the call, kernel agrees"

# session delete: both pppds stop, the session leaves both kernels.
read -r session pppd_a peer_session < <(python3 -c '
import json
s = next(s for s in json.load(open("'"$work"'/a.json"))["sessions"] if s["calling_number"] == "5550100")
print(s["session_id"], s["pppd_pid"], s["peer_session_id"])')
pppd_b=$(python3 -c '
import json
print(next(s["pppd_pid"] for s in json.load(open("'"$work"'/b.json"))["sessions"] if s["session_id"] == '"$peer_session"'))')
ctl a session delete "$tunnel" "$session"
stopped() {
  ! kill -0 "$pppd_a" 2>/dev/null && ! kill -0 "$pppd_b" 2>/dev/null &&
    ! ip -n "$ns_a" -j l2tp show session | has "\"session_id\":$session," &&
    ! ip -n "$ns_b" -j l2tp show session | has "\"session_id\":$peer_session,"
}
wait_until 15 stopped # both pppds and kernel sessions of the deleted call to go
echo "session delete: both pppds stopped, the session gone from both kernels"

# 20 calls at once.
v2_options IPv6
python3 "$here/place_calls.py" /run/l2tpd-a.sock "$tunnel" 20 >/dev/null ||
  fail "A refused a call" # (runs in the root namespace: the socket path is shared)
wait_until 240 both_up 21 # 21 PPP links up on both sides
sessions a
sessions b
python3 "$here/ppp_ping6.py" "$work/a.json" "$ns_a" "$work/b.json" "$ns_b" || fail "a PPP link did not answer"
agree a 21 || fail "A with 21 sessions: l2tpctl and the kernel disagree"
agree b 21 || fail "B with 21 sessions: l2tpctl and the kernel disagree"
ctl a --json stats | has '"refused_busy": 0' || fail "A refused pppd starts"
echo "20 calls at once: all up, each pinged"

# kill -9 of one of A's pppds.
read -r session pppd_a peer_session < <(python3 -c '
import json
s = next(s for s in json.load(open("'"$work"'/a.json"))["sessions"] if s["pseudowire"] == "ppp" and s["tunnel_id"] == '"$tunnel"')
print(s["session_id"], s["pppd_pid"], s["peer_session_id"])')
pppd_b=$(python3 -c '
import json
print(next(s["pppd_pid"] for s in json.load(open("'"$work"'/b.json"))["sessions"] if s["session_id"] == '"$peer_session"'))')
kill -KILL "$pppd_a"
wait_until 15 stopped # the killed pppd's session to go from both sides
wait_until 15 both_up 20 # 20 PPP links left up on both sides
[ "$(v2_tunnel)" = "$tunnel" ] || fail "the tunnel did not survive a pppd's death"
grep -q "session $session: pppd killed by signal 9" "$logs/40_ppp_l2tpd_a.log" ||
  fail "A's log does not say why the session ended"
grep -q "session $peer_session: closed by peer (result 2" "$logs/40_ppp_l2tpd_b.log" ||
  fail "B's log does not show A's CDN"
agree a 20 || fail "A after kill -9: l2tpctl and the kernel disagree"
agree b 20 || fail "B after kill -9: l2tpctl and the kernel disagree"
echo "kill -9 pppd: CDN, gone from both kernels, B's pppd stopped, 20 others and the tunnel stay"

# SIGKILL of l2tpd A.
old_a=$pid_a
kill -KILL "$pid_a"
wait "$pid_a" 2>/dev/null || true
nothing_of_a() {
  [ -z "$(pppds_of "$old_a")" ] &&
    ! ip netns exec "$ns_a" grep -q "SESSION '" /proc/net/pppol2tp &&
    [ -z "$(ip -n "$ns_a" l2tp show tunnel)" ]
}
# No pppd, PPPoL2TP session or tunnel of the killed l2tpd A (in a subshell: on a timeout, what
# is left is shown before the test fails).
if ! (wait_until 20 nothing_of_a); then
  pgrep -af "linkname l2tpd-$old_a-" || true
  ip netns exec "$ns_a" cat /proc/net/pppol2tp
  ip -n "$ns_a" l2tp show tunnel
  fail "something of the killed l2tpd A is left"
fi
echo "SIGKILL l2tpd A: no pppd, PPPoL2TP session or kernel tunnel of it left"
start_daemon a "${as_unit[@]}"
# B drops the dead tunnels (hellos unanswered) and their pppds; A's new ones come up.
b_clean() {
  both_up 1 && [ "$(pppds_of "$pid_b" | wc -l)" -eq 1 ] && [ "$(pppds_of "$pid_a" | wc -l)" -eq 1 ]
}
wait_until 90 b_clean # B to drop the dead tunnels and A's pseudowire to be back
ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.98.0.1 >/dev/null || fail "no ping across the pseudowire after the restart"
agree a 1 || fail "A after the restart: l2tpctl and the kernel disagree"
agree b 1 || fail "B after the restart: l2tpctl and the kernel disagree"
echo "restart: the pseudowire is back, B kept no pppd of the dead tunnels"

# SIGTERM: every pppd stops, both kernels end up empty.
kill -TERM "$pid_a"
wait "$pid_a" || fail "l2tpd A exited with $? on SIGTERM"
kill -TERM "$pid_b"
wait "$pid_b" || fail "l2tpd B exited with $? on SIGTERM"
all_gone() {
  [ -z "$(pppds_of "$pid_a")$(pppds_of "$pid_b")" ] &&
    [ -z "$(ip -n "$ns_a" l2tp show tunnel)$(ip -n "$ns_b" l2tp show tunnel)" ]
}
wait_until 10 all_gone # no pppd and no kernel tunnel after SIGTERM
echo "SIGTERM: no pppd left, both kernels empty"
