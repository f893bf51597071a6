#!/usr/bin/env bash
# Two l2tpd processes in two network namespaces joined by a veth pair (null dataplane):
#   - an L2TPv2 tunnel with challenge and hidden AVPs and L2TPv3 tunnels with HMAC-MD5
#     digests over UDP and over IP (protocol 115) come up from the LAC's config (connect: true);
#   - each established UDP tunnel has a socket of its own, connect()ed to the peer;
#   - incoming (LAC) calls come up on all three (PPP on v2, Ethernet on v3/UDP, PPP on v3/IP)
#     and an outgoing (LNS) call on v2; both sides agree on the IDs;
#   - the LNS's address pool, shown by `l2tpctl show pools`, lends no address to PPP sessions
#     without a pppd (the null dataplane runs none; pppd's leases are tested in the unit tests);
#   - `l2tpctl session delete` sends a CDN and the peer's session disappears;
#   - `l2tpctl reload` refuses a broken file (file:line:column) and, given a file without one
#     peer, closes that peer's tunnel only;
#   - SIGTERM makes the LAC send StopCCN, the LNS's tunnels go, the LAC exits 0;
#   - tshark, given the secret, decodes the capture of it all with no malformed packet, no
#     warning and no bad digest.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(tshark python3)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
control_socket: $work/lns.sock
profiles:
  v2: {version: 2, host_name: lns.test, secret: tunnel-secret, challenge: true, hide_avps: true,
       pool: clients}
  v3: {version: 3, host_name: lns.test, secret: pw-secret, digest: md5, router_id: 192.0.2.2}
accept: {l2tpv2: v2, l2tpv3: v3}
pools:
  clients: {ranges: [10.10.0.10-10.10.0.250], local: 10.10.0.1}
YAML
cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
profiles:
  v2: {version: 2, host_name: lac.test, secret: tunnel-secret, challenge: true, hide_avps: true}
  v3: {version: 3, host_name: lac.test, secret: pw-secret, digest: md5, router_id: 192.0.2.1}
peers:
  - {name: lns-v2, address: "192.0.2.2", profile: v2, connect: true}
  - {name: lns-v3, address: "192.0.2.2", profile: v3, connect: true}
  - {name: lns-v3-ip, address: "192.0.2.2", encapsulation: ip, profile: v3, connect: true}
YAML
"$l2tpd" --check-config "$work/lac.yaml" >/dev/null

# Capture everything on the LNS side of the link.
capture_start "$ns_b" "$veth_b" "udp port 1701 or ip proto 115"

start "$ns_b" "$work/lns.log" "$l2tpd" -c "$work/lns.yaml"
wait_until 30 test -S "$work/lns.sock" # the LNS's management socket
start "$ns_a" "$work/lac.log" "$l2tpd" -c "$work/lac.yaml"
lac_pid=$started

three_established() {
  local all3="len(d['tunnels'])==3 and all(t['state']=='established' for t in d['tunnels'])"
  json_holds "$all3" ctl_lac show tunnels && json_holds "$all3" ctl_lns show tunnels
}
wait_until 30 three_established # on both sides

lac_tunnels=$(ctl_lac show tunnels)
lns_tunnels=$(ctl_lns show tunnels)
# Both sides agree on each other's IDs.
python3 - "$lac_tunnels" "$lns_tunnels" <<'PY' || fail "tunnel IDs disagree"
import json, sys
lac = {t['tunnel_id']: t for t in json.loads(sys.argv[1])['tunnels']}
lns = {t['tunnel_id']: t for t in json.loads(sys.argv[2])['tunnels']}
for t in lac.values():
    peer = lns[t['peer_tunnel_id']]
    assert peer['peer_tunnel_id'] == t['tunnel_id'], (t, peer)
    assert peer['version'] == t['version']
    assert peer['peer_host_name'] == 'lac.test' and t['peer_host_name'] == 'lns.test'
assert sorted((t['version'], t['peer'].endswith('/ip')) for t in lac.values()) == \
    [(2, False), (3, False), (3, True)], lac
PY

# The null dataplane needs no socket of a tunnel's own: the listeners carry both UDP tunnels
# (docs/daemon.md; the kernel datapath's sockets are tested in the VM).
connected=$(ip netns exec "$ns_a" ss -Hnu state established dst 192.0.2.2:1701 | wc -l)
[ "$connected" -eq 0 ] || fail "expected no tunnel socket of its own on the LAC, saw $connected"

v2_lac=$(echo "$lac_tunnels" | json "[t['tunnel_id'] for t in d['tunnels'] if t['version']==2][0]")
v3_lac=$(echo "$lac_tunnels" |
  json "[t['tunnel_id'] for t in d['tunnels'] if t['version']==3 and t['peer'].endswith(':1701')][0]")
v3ip_lac=$(echo "$lac_tunnels" | json "[t['tunnel_id'] for t in d['tunnels'] if t['peer'].endswith('/ip')][0]")
v2_lns=$(echo "$lns_tunnels" | json "[t['tunnel_id'] for t in d['tunnels'] if t['version']==2][0]")

# An incoming call on each tunnel from the LAC (PPP on v2, Ethernet on v3), an outgoing call
# from the LNS on v2.
in_v2=$(ctl_lac session add "$v2_lac" | json "d['session_id']")
in_v3=$(ctl_lac session add "$v3_lac" --pseudowire ethernet --remote-end-id pw1 | json "d['session_id']")
in_v3ip=$(ctl_lac session add "$v3ip_lac" | json "d['session_id']")
out_v2=$(ctl_lns session add "$v2_lns" --direction outgoing | json "d['session_id']")
up() { "$1" show sessions | json "sum(s['state']=='established' for s in d['sessions'])"; }
four_up() { [ "$(up ctl_lac)" = 4 ] && [ "$(up ctl_lns)" = 4 ]; } # on both sides
wait_until 30 four_up
python3 - "$(ctl_lac show sessions)" "$(ctl_lns show sessions)" "$in_v2" "$in_v3" "$out_v2" \
  "$in_v3ip" <<'PY' || fail "session IDs disagree"
import json, sys
lac = {s['session_id']: s for s in json.loads(sys.argv[1])['sessions']}
lns = {s['session_id']: s for s in json.loads(sys.argv[2])['sessions']}
for s in lac.values():
    peer = lns[s['peer_session_id']]
    assert peer['peer_session_id'] == s['session_id']
    assert peer['direction'] == s['direction']
assert lac[int(sys.argv[3])]['direction'] == 'incoming'
assert lac[int(sys.argv[4])]['pseudowire_type'] == 5
assert lns[int(sys.argv[5])]['direction'] == 'outgoing'
assert lac[int(sys.argv[6])]['pseudowire_type'] == 7
PY

json_holds "d['pools']==[{'name': 'clients', 'size': 241, 'in_use': 0, 'free': 241, 'exhausted': 0}]" \
  ctl_lns show pools || fail "show pools: $(ctl_lns show pools)"

# l2tpctl session delete: a CDN on the wire, and the LNS's session is gone.
ctl_lac session delete "$v2_lac" "$in_v2" >/dev/null
# The LNS drops the cleared session.
wait_until 30 json_holds "len(d['sessions'])==3" ctl_lns show sessions
ctl_lac session delete "$v2_lac" "$in_v2" >/dev/null 2>&1 && fail "deleting twice succeeded"

# reload: a broken file changes nothing and says where it is broken; a file without the
# v3/IP peer closes that tunnel only (StopCCN), the others stay as they were.
cp "$work/lac.yaml" "$work/lac.good"
sed -i 's/hide_avps: true/hide_avps: maybe/' "$work/lac.yaml"
reply=$(ctl_lac reload 2>&1) && fail "a broken configuration was accepted: $reply"
echo "$reply" | grep -q "lac.yaml:[0-9]*:[0-9]*: hide_avps: expected true or false" ||
  fail "reload error lacks file:line:column: $reply"
grep -v "lns-v3-ip" "$work/lac.good" > "$work/lac.yaml"
json_holds "d['peers_removed']==['lns-v3-ip'] and d['tunnels_closed']==1" ctl_lac reload ||
  fail "reload did not close exactly the removed peer's tunnel"
# The LNS sees the v3/IP tunnel closed.
wait_until 30 json_holds "[t['state'] for t in d['tunnels'] if t['peer'].endswith('/ip')]==['closing']" \
  ctl_lns show tunnels
still=$(ctl_lac show tunnels | json \
  "sorted(t['tunnel_id'] for t in d['tunnels'] if t['state']=='established')")
[ "$still" = "$(python3 -c "print(sorted([$v2_lac, $v3_lac]))")" ] ||
  fail "reload touched established tunnels: $still"

# SIGTERM: StopCCN to every peer, exit 0 once acknowledged.
kill -TERM "$lac_pid"
status=0
wait "$lac_pid" || status=$?
[ "$status" -eq 0 ] || fail "LAC exited with $status"
# The LNS sees every tunnel closed.
wait_until 30 json_holds "all(t['state']=='closing' for t in d['tunnels'])" ctl_lns show tunnels
grep -q "peer sent StopCCN (result 6" "$work/lns.log" ||
  fail "no StopCCN with Result 6 (shutting down) reached the LNS"

capture_check 20 pw-secret
digests=$(tshark -n -r "$work/capture.pcap" -Y l2tp.avp.message_digest 2>/dev/null | wc -l)
[ "$digests" -gt 0 ] || fail "no L2TPv3 digests captured"
over_ip=$(tshark -n -r "$work/capture.pcap" -Y 'ip.proto == 115 && l2tp.avp.message_digest' \
  2>/dev/null | wc -l)
[ "$over_ip" -gt 0 ] || fail "no L2TPv3-over-IP control messages decoded"
echo "two daemons: v2, v3/UDP and v3/IP tunnels, 4 calls, CDN and StopCCN as expected;" \
  "tshark accepts $frames frames ($digests with digests, $over_ip over IP)"
