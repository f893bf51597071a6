#!/usr/bin/env bash
# L2TPv2 interop with xl2tpd (Debian package), in two network namespaces, null dataplane:
#   1. xl2tpd is the LNS, l2tpd the LAC: the tunnel comes up, l2tpd places a call, xl2tpd
#      answers and, unable to run pppd on this kernel, clears it with a CDN: l2tpd must remove
#      the session and keep the tunnel.
#   2. xl2tpd is the LAC (autodial), l2tpd the LNS: the same, the other way round.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
work=$(mktemp -d /tmp/l2tpd-xl2tpd.XXXXXX)
ns_a=l2tpd-xa-$$
ns_b=l2tpd-xb-$$
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ] || ! command -v xl2tpd >/dev/null || ! ip netns add "$ns_a" 2>/dev/null; then
  echo "SKIP: needs root, network namespaces and xl2tpd"
  exit 77
fi
ip netns add "$ns_b"
ip link add veth-xa-$$ netns "$ns_a" type veth peer name veth-xb-$$ netns "$ns_b"
ip -n "$ns_a" addr add 192.0.2.1/24 dev veth-xa-$$
ip -n "$ns_b" addr add 192.0.2.2/24 dev veth-xb-$$
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set veth-xa-$$ up
ip -n "$ns_b" link set veth-xb-$$ up

fail() {
  echo "FAIL: $*"
  for f in "$work"/*.log; do echo "--- $f"; tail -n 40 "$f"; done
  exit 1
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
await() {
  local what=$1 cond=$2
  for _ in $(seq 1 150); do
    [ "$(eval "$cond" 2>/dev/null)" = True ] && return 0
    sleep 0.1
  done
  fail "timed out waiting for: $what"
}
# pppd gets an options file of its own, so that nothing of the host's /etc/ppp applies.
echo "noauth" > "$work/ppp.options"

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
ip netns exec "$ns_b" xl2tpd -D -c "$work/xl2tpd-lns.conf" -p "$work/xl2tpd-lns.pid" \
  -C "$work/xl2tpd-lns.control" >"$work/xl2tpd-lns.log" 2>&1 &
pids+=($!)
await "xl2tpd to listen" "ip netns exec $ns_b ss -Hlun 'sport = :1701' | grep -q 1701 && echo True"

cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
profiles:
  to-xl2tpd: {version: 2, host_name: l2tpd-lac}
peers:
  - {name: xl2tpd, address: "192.0.2.2", profile: to-xl2tpd, connect: true}
YAML
ip netns exec "$ns_a" "$l2tpd" -c "$work/lac.yaml" >"$work/l2tpd-lac.log" 2>&1 &
pids+=($!)
ctl_lac() { ip netns exec "$ns_a" "$l2tpctl" --socket "$work/lac.sock" --json "$@"; }
await "the tunnel to xl2tpd" \
  "ctl_lac show tunnels | json \"len(d['tunnels'])==1 and d['tunnels'][0]['state']=='established' and d['tunnels'][0]['peer_host_name']=='xl2tpd-lns'\""
tunnel=$(ctl_lac show tunnels | json "d['tunnels'][0]['tunnel_id']")
ctl_lac session add "$tunnel" >/dev/null
await "xl2tpd's CDN to clear the call" "grep -q 'closed by peer' $work/l2tpd-lac.log && echo True"
grep -q "session .*: established" "$work/l2tpd-lac.log" || fail "the call never came up"
[ "$(ctl_lac show sessions | json "len(d['sessions'])")" = 0 ] || fail "session left behind"
[ "$(ctl_lac show tunnels | json "d['tunnels'][0]['state']")" = established ] ||
  fail "the tunnel did not survive the CDN"
kill -TERM "${pids[1]}"; wait "${pids[1]}" || fail "l2tpd LAC did not exit cleanly"
kill -TERM "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
pids=()
echo "xl2tpd LNS <- l2tpd LAC: tunnel, call, CDN handled"

# --- 2. xl2tpd LAC, l2tpd LNS -----------------------------------------------------------
cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
control_socket: $work/lns.sock
profiles:
  lns: {version: 2, host_name: l2tpd-lns}
accept: {l2tpv2: lns}
YAML
ip netns exec "$ns_b" "$l2tpd" -c "$work/lns.yaml" >"$work/l2tpd-lns.log" 2>&1 &
pids+=($!)
ctl_lns() { ip netns exec "$ns_b" "$l2tpctl" --socket "$work/lns.sock" --json "$@"; }
await "l2tpd LNS" "[ -S $work/lns.sock ] && echo True"
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
ip netns exec "$ns_a" xl2tpd -D -c "$work/xl2tpd-lac.conf" -p "$work/xl2tpd-lac.pid" \
  -C "$work/xl2tpd-lac.control" >"$work/xl2tpd-lac.log" 2>&1 &
pids+=($!)
await "xl2tpd's tunnel" \
  "ctl_lns show tunnels | json \"any(t['state']=='established' and t['peer_host_name']=='xl2tpd-lac' for t in d['tunnels'])\""
await "xl2tpd's call to come and go" "grep -q 'closed by peer' $work/l2tpd-lns.log && echo True"
grep -q "session .*: established" "$work/l2tpd-lns.log" || fail "xl2tpd's call never came up"
[ "$(ctl_lns show sessions | json "len(d['sessions'])")" = 0 ] || fail "session left behind"
[ "$(ctl_lns stats | json "d['stats']['protocol_errors']")" = 0 ] || fail "protocol errors counted"
echo "xl2tpd LAC -> l2tpd LNS: tunnel, call, CDN handled"
