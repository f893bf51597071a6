#!/usr/bin/env bash
# l2tpd under hostile conditions, two daemons in two network namespaces (null dataplane):
#   1. 30 % of L2TP datagrams dropped both ways by nftables (numgen random): the tunnel and
#      ten calls still come up;
#   2. bad input on the wire (truncated header, bad lengths, unknown mandatory AVP, garbage, a
#      data packet) is counted in `l2tpctl stats` and the established tunnel is untouched;
#   3. a peer that goes silent (SIGSTOP) is found by hello and retransmission and cleaned up.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(nft python3)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

ctl_lac() { ip netns exec "$ns_a" "$l2tpctl" --socket "$work/lac.sock" --json "$@"; }
ctl_lns() { ip netns exec "$ns_b" "$l2tpctl" --socket "$work/lns.sock" --json "$@"; }

# Writes both configurations with the given profile and starts LNS then LAC.
start_pair() {
  local profile=$1
  cat > "$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
control_socket: $work/lns.sock
profiles: {lns: $profile}
accept: {l2tpv2: lns}
YAML
  cat > "$work/lac.yaml" <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
profiles: {lac: $profile}
peers: [{name: lns, address: "192.0.2.2", profile: lac, connect: true}]
YAML
  start "$ns_b" "$work/lns.log" "$l2tpd" -c "$work/lns.yaml"
  lns_pid=$started
  await "LNS socket" "[ -S $work/lns.sock ] && echo True"
  start "$ns_a" "$work/lac.log" "$l2tpd" -c "$work/lac.yaml"
  lac_pid=$started
  await "the tunnel" \
    "ctl_lac show tunnels | json \"len(d['tunnels'])==1 and d['tunnels'][0]['state']=='established'\""
}

stop_pair() {
  for p in "$lac_pid" "$lns_pid"; do kill -TERM "$p"; wait "$p" || fail "a daemon did not exit cleanly"; done
}

# --- 1. 30 % loss ----------------------------------------------------------------------
# A message and its acknowledgement both cross a 30 % lossy link only half the time, so the
# retry limit is raised from the RFC's default of 5 (which 30 % loss exhausts now and then).
for ns in "$ns_a" "$ns_b"; do
  ip netns exec "$ns" nft add table inet l2tpd_test
  ip netns exec "$ns" nft add chain inet l2tpd_test out '{ type filter hook output priority 0 ; }'
  ip netns exec "$ns" nft add rule inet l2tpd_test out udp dport 1701 numgen random mod 10 '<' 3 counter drop
done
start_pair '{version: 2, secret: s, challenge: true, retransmit_initial: 0.5, retries: 12}'
tunnel=$(ctl_lac show tunnels | json "d['tunnels'][0]['tunnel_id']")
for _ in $(seq 1 10); do ctl_lac session add "$tunnel" >/dev/null; done
await "ten calls through 30 % loss" \
  "ctl_lns show sessions | json \"sum(s['state']=='established' for s in d['sessions'])==10\"" 600
dropped=$(ip netns exec "$ns_a" nft list ruleset | grep -o 'packets [0-9]*' | grep -o '[0-9]*')
[ "$dropped" -gt 0 ] || fail "nftables dropped nothing: the loss test tested nothing"
for ns in "$ns_a" "$ns_b"; do ip netns exec "$ns" nft delete table inet l2tpd_test; done
stop_pair
echo "30 % loss: tunnel and 10 calls up ($dropped datagrams dropped on the LAC side)"

# Short timers from here on, so that the silent peer is found within seconds: hello after 2 s
# of silence, then retransmissions after 0.5 + 1 + 2 + 4 + 8 s.
start_pair '{version: 2, secret: s, challenge: true, hello_interval: 2, retransmit_initial: 0.5, retries: 4}'

# --- 2. bad input on the wire ------------------------------------------------------------
before=$(ctl_lns stats | json "d['stats']['malformed'] + d['stats']['unknown_tunnel'] + d['stats']['not_control']")
ip netns exec "$ns_a" python3 - <<'PY'
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.1", 40000))
lns = ("192.0.2.2", 1701)
def avp(t, v, m=0x8000): return struct.pack("!HHH", m | (6 + len(v)), 0, t) + v
sccrq_body = (avp(0, b"\x00\x01") + avp(2, b"\x01\x00") + avp(3, b"\x00\x00\x00\x03")
              + avp(7, b"evil") + avp(9, b"\x12\x34"))
def control(body, tunnel=0, length=None):
    n = 12 + len(body) if length is None else length
    return struct.pack("!HHHHHH", 0xc802, n, tunnel, 0, 0, 0) + body
for packet in [
    b"\xc8",                                     # truncated header
    control(b"", length=11),                     # Length below the header
    control(sccrq_body, length=400),             # Length past the datagram
    control(sccrq_body[:-3]),                    # AVP running past the end
    control(avp(0, b"\x00\x01") + avp(9, b"\x12\x34") + struct.pack("!HHH", 0x8008, 311, 1) + b"\xab\xcd"),
    control(avp(0, b"\x00\x06"), tunnel=4242),   # HELLO to no tunnel
    b"\x00\x02\x12\x34\x56\x78\xff\x03",         # a data packet on the control socket
    bytes(range(200)),                           # garbage
]:
    s.sendto(packet, lns)
PY
await "the bad datagrams to be counted" \
  "[ \$(ctl_lns stats | json \"d['stats']['malformed'] + d['stats']['unknown_tunnel'] + d['stats']['not_control']\") -ge \$(( $before + 5 )) ] && echo True"
[ "$(ctl_lns show tunnels | json "sum(t['state']=='established' for t in d['tunnels'])")" = 1 ] ||
  fail "the established tunnel was disturbed by bad input"
kill -0 "$lns_pid" || fail "the LNS died"
echo "bad input: counted, daemon up, established tunnel untouched"

# --- 3. a silent peer --------------------------------------------------------------------
kill -STOP "$lac_pid"
await "the LNS to give up on the silent LAC" \
  "ctl_lns show tunnels | json \"all(t['state']!='established' for t in d['tunnels'])\"" 300
grep -q "peer unreachable" "$work/lns.log" || fail "no 'peer unreachable' teardown logged"
[ "$(ctl_lns show sessions | json "len(d['sessions'])")" = 0 ] || fail "sessions left behind"
echo "silent peer: found by hello and retransmission, cleaned up"
