#!/usr/bin/env bash
# L2TPv2 interop with xl2tpd (Debian package), in two network namespaces, null dataplane:
#   1. xl2tpd is the LNS, l2tpd the LAC: the tunnel comes up, l2tpd places a call, xl2tpd
#      answers and, unable to run pppd on this kernel, clears it with a CDN: l2tpd must remove
#      the session and keep the tunnel.
#   2. xl2tpd is the LAC (autodial), l2tpd the LNS: the same, the other way round.
#   3. tshark decodes the capture of both exchanges with no malformed packet or warning.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(xl2tpd python3 ss tshark)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# pppd gets an options file of its own, so that nothing of the host's /etc/ppp applies.
echo "noauth" > "$work/ppp.options"

capture_start "$ns_b" "$veth_b" "udp port 1701"

# --- 1. xl2tpd LNS, l2tpd LAC -----------------------------------------------------------
cat > "$work/xl2tpd-lns.conf" <<CONF
[global]
listen-addr = 192.0.2.2
port = 1701
[lns default]
ip range = 192.0.2.100-192.0.2.110
local ip = 192.0.2.99
hostname = xl2tpd-lns
require authentication = no
pppoptfile = $work/ppp.options
CONF
start "$ns_b" "$work/xl2tpd-lns.log" xl2tpd -D -c "$work/xl2tpd-lns.conf" \
  -p "$work/xl2tpd-lns.pid" -C "$work/xl2tpd-lns.control"
xl2tpd_lns=$started
xl2tpd_listens() { ip netns exec "$ns_b" ss -Hlun 'sport = :1701' | grep -q 1701; }
wait_until 30 xl2tpd_listens

cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
profiles:
  to-xl2tpd: {version: 2, host_name: l2tpd-lac}
peers:
  - {name: xl2tpd, address: "192.0.2.2", profile: to-xl2tpd, connect: true}
YAML
start "$ns_a" "$work/l2tpd-lac.log" "$l2tpd" -c "$work/lac.yaml"
l2tpd_lac=$started
# The tunnel to xl2tpd.
wait_until 30 json_holds \
  "len(d['tunnels'])==1 and d['tunnels'][0]['state']=='established' and d['tunnels'][0]['peer_host_name']=='xl2tpd-lns'" \
  ctl_lac show tunnels
tunnel=$(ctl_lac show tunnels | json "d['tunnels'][0]['tunnel_id']")
ctl_lac session add "$tunnel" >/dev/null
# xl2tpd's CDN clears the call.
wait_until 30 grep -q 'closed by peer' "$work/l2tpd-lac.log"
grep -q "session .*: established" "$work/l2tpd-lac.log" || fail "the call never came up"
[ "$(ctl_lac show sessions | json "len(d['sessions'])")" = 0 ] || fail "session left behind"
[ "$(ctl_lac show tunnels | json "d['tunnels'][0]['state']")" = established ] ||
  fail "the tunnel did not survive the CDN"
kill -TERM "$l2tpd_lac"; wait "$l2tpd_lac" || fail "l2tpd LAC did not exit cleanly"
kill -TERM "$xl2tpd_lns"; wait "$xl2tpd_lns" 2>/dev/null || true
echo "xl2tpd LNS <- l2tpd LAC: tunnel, call, CDN handled"

# --- 2. xl2tpd LAC, l2tpd LNS -----------------------------------------------------------
cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
control_socket: $work/lns.sock
profiles:
  lns: {version: 2, host_name: l2tpd-lns}
accept: {l2tpv2: lns}
YAML
start "$ns_b" "$work/l2tpd-lns.log" "$l2tpd" -c "$work/lns.yaml"
wait_until 30 test -S "$work/lns.sock"
cat > "$work/xl2tpd-lac.conf" <<CONF
[global]
listen-addr = 192.0.2.1
port = 1701
[lac l2tpd]
lns = 192.0.2.2
hostname = xl2tpd-lac
autodial = yes
redial = no
require authentication = no
pppoptfile = $work/ppp.options
CONF
start "$ns_a" "$work/xl2tpd-lac.log" xl2tpd -D -c "$work/xl2tpd-lac.conf" \
  -p "$work/xl2tpd-lac.pid" -C "$work/xl2tpd-lac.control"
# xl2tpd's tunnel, and its call coming and going.
wait_until 30 json_holds \
  "any(t['state']=='established' and t['peer_host_name']=='xl2tpd-lac' for t in d['tunnels'])" \
  ctl_lns show tunnels
wait_until 30 grep -q 'closed by peer' "$work/l2tpd-lns.log"
grep -q "session .*: established" "$work/l2tpd-lns.log" || fail "xl2tpd's call never came up"
[ "$(ctl_lns show sessions | json "len(d['sessions'])")" = 0 ] || fail "session left behind"
[ "$(ctl_lns stats | json "d['stats']['protocol_errors']")" = 0 ] || fail "protocol errors counted"
echo "xl2tpd LAC -> l2tpd LNS: tunnel, call, CDN handled"

capture_check 12
echo "tshark accepts the $frames frames exchanged with xl2tpd"
