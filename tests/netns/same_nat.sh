#!/usr/bin/env bash
# Two L2TP clients behind one NAT, told apart by the packet marks IPsec would give them
# (`ipsec_marks: true`, docs/ipsec.md "Several clients behind one NAT"). Two LACs in one namespace
# (192.0.2.1 and 192.0.2.3, port 1701); on the LNS's side nftables rewrites the second's source
# to 192.0.2.1 before any socket sees it, so both reach the LNS from 192.0.2.1:1701, and marks
# each one's datagrams (1 and 2) as strongSwan's set_mark_in would. The reverse rewrite sends
# what leaves with mark 2 to 192.0.2.3, as the second client's SA would carry it. Asserted,
# with the listener's port shared and with per-tunnel ports (each tunnel a socket of its own):
#   - both tunnels come up, on both LACs and on the LNS, which names each by its mark;
#   - every datagram the LNS sends to 192.0.2.1 leaves with the mark of the client it is for
#     (nft counters on `meta mark` in its output chain), none unmarked.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(nft python3)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

ip -n "$ns_a" addr add 192.0.2.3/24 dev "$veth_a"

# Stateless, ahead of conntrack: the two clients' flows are one four-tuple after the rewrite.
ip netns exec "$ns_b" nft -f - <<'NFT'
table ip same_nat {
  chain in {
    type filter hook prerouting priority raw; policy accept;
    ip saddr 192.0.2.1 udp sport 1701 notrack meta mark set 1
    ip saddr 192.0.2.3 udp sport 1701 notrack meta mark set 2 ip saddr set 192.0.2.1
  }
  chain out {
    type filter hook output priority raw; policy accept;
    ip daddr 192.0.2.1 udp dport 1701 meta mark 1 counter name to_client_1 notrack
    ip daddr 192.0.2.1 udp dport 1701 meta mark 2 counter name to_client_2 notrack ip daddr set 192.0.2.3
    ip daddr 192.0.2.1 udp dport 1701 meta mark 0 counter name unmarked
  }
  counter to_client_1 {}
  counter to_client_2 {}
  counter unmarked {}
}
NFT

packets() {
  ip netns exec "$ns_b" nft -j list counter ip same_nat "$1" |
    json "[o['counter']['packets'] for o in d['nftables'] if 'counter' in o][0]"
}

ctl_lac2() { ip netns exec "$ns_a" "$l2tpctl" --socket "$work/lac2.sock" --json "$@"; }
one_established() { json_holds "len(d['tunnels'])==1 and d['tunnels'][0]['state']=='established'" "$@"; }
lns_has_both() {
  json_holds "sorted(t['peer'] for t in d['tunnels'] if t['state']=='established') == \
['192.0.2.1:1701 mark 1', '192.0.2.1:1701 mark 2']" ctl_lns show tunnels
}

# same_nat_case TUNNEL_PORTS: the LNS and both LACs up, the assertions, then all stopped.
same_nat_case() {
  local ports=$1 lac
  cat >"$work/lns.yaml" <<YAML
listen: ["192.0.2.2"]
ip_encapsulation: false
dataplane: null
control_socket: $work/lns.sock
ipsec_marks: true
tunnel_ports: $ports
profiles:
  v2: {version: 2, host_name: lns.test}
accept: {l2tpv2: v2}
YAML
  for lac in 1 3; do
    cat >"$work/lac$lac.yaml" <<YAML
listen: ["192.0.2.$lac"]
ip_encapsulation: false
dataplane: null
control_socket: $work/lac$([ "$lac" = 1 ] || echo 2).sock
profiles:
  v2: {version: 2, host_name: client$lac.test}
peers:
  - {name: lns, address: "192.0.2.2", profile: v2, connect: true}
YAML
  done
  ip netns exec "$ns_b" nft reset counters table ip same_nat >/dev/null
  rm -f "$work"/*.sock
  start "$ns_b" "$work/lns-$ports.log" "$l2tpd" -c "$work/lns.yaml"
  local lns_pid=$started
  wait_until 30 test -S "$work/lns.sock"
  start "$ns_a" "$work/lac1-$ports.log" "$l2tpd" -c "$work/lac1.yaml"
  local lac1_pid=$started
  start "$ns_a" "$work/lac2-$ports.log" "$l2tpd" -c "$work/lac3.yaml"
  local lac2_pid=$started

  wait_until 30 lns_has_both
  wait_until 30 one_established ctl_lac show tunnels
  wait_until 30 one_established ctl_lac2 show tunnels

  local one two unmarked
  one=$(packets to_client_1)
  two=$(packets to_client_2)
  unmarked=$(packets unmarked)
  if [ "$one" -eq 0 ] || [ "$two" -eq 0 ]; then
    fail "tunnel_ports $ports: datagrams with mark 1: $one, with mark 2: $two"
  fi
  [ "$unmarked" -eq 0 ] || fail "tunnel_ports $ports: $unmarked datagrams left unmarked"

  kill -TERM "$lac1_pid" "$lac2_pid" "$lns_pid"
  wait "$lac1_pid" "$lac2_pid" "$lns_pid" || true
}

same_nat_case shared
same_nat_case per-tunnel
echo "PASS: two clients behind one NAT, told apart by their marks"
