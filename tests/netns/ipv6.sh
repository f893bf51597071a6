#!/usr/bin/env bash
# IPv6, and several listen addresses per daemon: each l2tpd listens on an IPv4 and an IPv6
# address; the LAC opens an L2TPv2 tunnel over UDP/IPv6 and an L2TPv3 one over IPv6 (protocol
# 115), and places a call on each, the IPv6 listener carrying the UDP tunnel (the null
# dataplane asks for no socket of the tunnel's own). Everything created here is removed on
# exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(python3 ss)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# nodad: the addresses are usable at once instead of after duplicate address detection.
ip -n "$ns_a" addr add 2001:db8::1/64 dev "$veth_a" nodad
ip -n "$ns_b" addr add 2001:db8::2/64 dev "$veth_b" nodad

cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2", "[2001:db8::2]"]
control_socket: $work/lns.sock
profiles:
  v2: {version: 2, host_name: lns6.test, secret: s6, challenge: true}
  v3: {version: 3, host_name: lns6.test, secret: s6, digest: sha1}
accept: {l2tpv2: v2, l2tpv3: v3}
YAML
cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1", "[2001:db8::1]"]
control_socket: $work/lac.sock
profiles:
  v2: {version: 2, host_name: lac6.test, secret: s6, challenge: true}
  v3: {version: 3, host_name: lac6.test, secret: s6, digest: sha1}
peers:
  - {name: udp6, address: "[2001:db8::2]", profile: v2, connect: true}
  - {name: ip6, address: "[2001:db8::2]", encapsulation: ip, profile: v3, connect: true}
YAML
start "$ns_b" "$work/lns.log" "$l2tpd" -c "$work/lns.yaml"
wait_until 30 test -S "$work/lns.sock" # the LNS's management socket
start "$ns_a" "$work/lac.log" "$l2tpd" -c "$work/lac.yaml"
# Both IPv6 tunnels established.
wait_until 30 json_holds \
  "sorted(t['peer'] for t in d['tunnels'] if t['state']=='established')==['[2001:db8::2]/ip', '[2001:db8::2]:1701']" \
  ctl_lac show tunnels
for id in $(ctl_lac show tunnels | json "' '.join(str(t['tunnel_id']) for t in d['tunnels'])"); do
  ctl_lac session add "$id" >/dev/null
done
# A call on each tunnel, on the LNS.
wait_until 30 json_holds "sum(s['state']=='established' for s in d['sessions'])==2" \
  ctl_lns show sessions
ctl_lns show tunnels | json "sorted(t['peer'] for t in d['tunnels'])" |
  grep -q "2001:db8::1" || fail "the LNS does not see the LAC at its IPv6 address"
connected=$(ip netns exec "$ns_a" ss -Hnu state established dst '[2001:db8::2]:1701' | wc -l)
[ "$connected" -eq 0 ] || fail "expected no tunnel socket of its own on the LAC, saw $connected"
echo "IPv6: v2/UDP and v3/IP tunnels and calls up, listeners on both families"
