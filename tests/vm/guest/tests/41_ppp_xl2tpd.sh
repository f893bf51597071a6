#!/usr/bin/env bash
# PPP over PPPoL2TP between l2tpd and xl2tpd (Debian's, in kernel mode: "Using l2tp kernel
# support." in its log), pppd with CHAP on both ends:
#   1. xl2tpd is the LAC (autodial), l2tpd the LNS: PPP up, ping across it, l2tpctl and the
#      kernel agree;
#   2. l2tpd is the LAC, xl2tpd the LNS (its own address pool): PPP up, ping across it; a
#      second tunnel to it on the same UDP ports is refused with the reason, the first stays.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
here=${BASH_SOURCE[0]%/*}/..
daemon_test
ns_pair
ppp_secrets

common="nodefaultroute
noccp
novj
logfile $logs/41_ppp_xl2tpd_pppd.log"
printf '%s\nrequire-chap\n10.96.0.1:10.96.0.2\n' "$common" >"$work/lns.options"
printf '%s\nnoauth\nname lac\n' "$common" >"$work/lac.options"
printf '%s\nrequire-chap\n' "$common" >"$work/xl2tpd-lns.options"

ctl() {
  ip netns exec "$1" "$l2tpctl" --socket "/run/l2tpd-41.sock" "${@:2}"
}
ppp_up() { ctl "$1" --json show sessions | has '"ppp_state": "up"'; }
kernel_mode() { grep -q "Using l2tp kernel support." "$1"; }

# --- 1. xl2tpd LAC, l2tpd LNS ------------------------------------------------------------
cat >"$work/b.yaml" <<EOT
listen: ["192.0.2.2"]
dataplane: kernel
control_socket: /run/l2tpd-41.sock
ppp: {options_file: $work/lns.options, name: lns}
profiles:
  lns: {version: 2}
accept: {l2tpv2: lns}
EOT
start "$ns_b" "$l2tpd" -c "$work/b.yaml" --log console >>"$logs/41_ppp_xl2tpd_l2tpd_lns.log" 2>&1
l2tpd_pid=$started
wait_until 20 ctl "$ns_b" stats # l2tpd's management socket
cat >"$work/xl2tpd-lac.conf" <<EOT
[global]
listen-addr = 192.0.2.1
port = 1701
force userspace = no
[lac l2tpd]
lns = 192.0.2.2
hostname = xl2tpd-lac
autodial = yes
redial = no
require authentication = no
pppoptfile = $work/lac.options
EOT
xl2tpd_log=$logs/41_ppp_xl2tpd_xl2tpd_lac.log
start "$ns_a" xl2tpd -D -c "$work/xl2tpd-lac.conf" -p "$work/xl2tpd-lac.pid" \
  -C "$work/xl2tpd-lac.control" >>"$xl2tpd_log" 2>&1
xl2tpd_pid=$started
wait_until 90 ppp_up "$ns_b" # PPP up between xl2tpd's LAC and l2tpd's LNS
wait_until 30 address_up "$ns_a" "peer 10.96.0.1/32" # xl2tpd's end of it
kernel_mode "$xl2tpd_log" || fail "xl2tpd did not use the kernel's PPPoL2TP sockets"
ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.96.0.1 >/dev/null || fail "no ping reply across xl2tpd LAC -> l2tpd LNS"
ctl "$ns_b" --json show sessions >"$work/s.json"
ctl "$ns_b" --json show tunnels >"$work/t.json"
python3 "$here/ppp_agrees.py" "$work/s.json" "$work/t.json" "$ns_b" 1 || fail "l2tpd LNS and its kernel disagree"
kill -TERM "$xl2tpd_pid"
wait "$xl2tpd_pid" 2>/dev/null || true
no_session() { ! ctl "$ns_b" --json show sessions | has '"session_id"'; }
wait_until 20 no_session # l2tpd to clear the session xl2tpd left
kill -TERM "$l2tpd_pid"
wait "$l2tpd_pid" || fail "l2tpd LNS exited with $? on SIGTERM"
echo "xl2tpd LAC -> l2tpd LNS: PPP up in kernel mode, ping, kernel agrees"

# --- 2. l2tpd LAC, xl2tpd LNS ------------------------------------------------------------
cat >"$work/xl2tpd-lns.conf" <<EOT
[global]
listen-addr = 192.0.2.2
port = 1701
force userspace = no
[lns default]
ip range = 10.95.0.10-10.95.0.20
local ip = 10.95.0.1
hostname = xl2tpd-lns
require chap = yes
refuse pap = yes
require authentication = yes
name = lns
pppoptfile = $work/xl2tpd-lns.options
EOT
xl2tpd_log=$logs/41_ppp_xl2tpd_xl2tpd_lns.log
start "$ns_b" xl2tpd -D -c "$work/xl2tpd-lns.conf" -p "$work/xl2tpd-lns.pid" \
  -C "$work/xl2tpd-lns.control" >>"$xl2tpd_log" 2>&1
xl2tpd_pid=$started
wait_until 20 udp_listening "$ns_b" 1701 # xl2tpd to listen
cat >"$work/a.yaml" <<EOT
listen: ["192.0.2.1"]
dataplane: kernel
control_socket: /run/l2tpd-41.sock
ppp: {options_file: $work/lac.options}
profiles:
  lac: {version: 2, host_name: l2tpd-lac}
peers:
  - {name: xl2tpd, address: "192.0.2.2", profile: lac, connect: true}
EOT
start "$ns_a" "$l2tpd" -c "$work/a.yaml" --log console >>"$logs/41_ppp_xl2tpd_l2tpd_lac.log" 2>&1
l2tpd_pid=$started
established() { ctl "$ns_a" --json show tunnels | has '"state": "established"'; }
wait_until 30 established # l2tpd's tunnel to xl2tpd
tunnel=$(ctl "$ns_a" --json show tunnels | grep -o '"tunnel_id": [0-9]*' | grep -o '[0-9]*$')
ctl "$ns_a" session add "$tunnel" >/dev/null
wait_until 90 ppp_up "$ns_a" # PPP up between l2tpd's LAC and xl2tpd's LNS
wait_until 30 address_up "$ns_b" "inet 10.95.0.1 peer" # xl2tpd's end of it
kernel_mode "$xl2tpd_log" || fail "xl2tpd did not use the kernel's PPPoL2TP sockets"
ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.95.0.1 >/dev/null || fail "no ping reply across l2tpd LAC -> xl2tpd LNS"
# A second tunnel to the same LNS on the same ports: the kernel could not tell the two apart,
# so l2tpd refuses it (StopCCN) rather than lose its data; the first one stays.
ctl "$ns_a" tunnel add xl2tpd >/dev/null
refused() { grep -q "already uses these addresses and ports" "$logs/41_ppp_xl2tpd_l2tpd_lac.log"; }
wait_until 20 refused # the second tunnel on the same ports to be refused
ppp_up "$ns_a" || fail "the first tunnel's PPP did not survive the refused second one"
kill -TERM "$l2tpd_pid"
wait "$l2tpd_pid" || fail "l2tpd LAC exited with $? on SIGTERM"
no_pppd() { ! pgrep -f "linkname l2tpd-$l2tpd_pid-" >/dev/null; }
wait_until 10 no_pppd # l2tpd LAC's pppd to go
echo "l2tpd LAC -> xl2tpd LNS: PPP up in kernel mode, ping"
