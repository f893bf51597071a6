#!/usr/bin/env bash
# L2TPv3 Ethernet pseudowires from the configuration, l2tpd on both ends of a veth between two
# namespaces, kernel datapath, Message Digest on. A (peers with connect: true) places them; B
# matches them by Remote End ID.
#   - UDP/IPv4, IP/IPv4, UDP/IPv6, IP/IPv6; cookies 0, 4, 8; L2-Specific Sublayer none and
#     default, sequencing on one: ping crosses each l2tpeth, and ip l2tp show agrees with
#     l2tpctl --json;
#   - an ethernet-vlan pseudowire in a bridge on each side, a host behind each on VLAN 100:
#     the hosts ping each other (NetBSD l2tp(4) bridge layout);
#   - l2tpctl's counters grow by what a ping sent, and so do A's Prometheus kernel totals,
#     which do not go down when a tunnel is deleted;
#   - a pseudowire whose interface name B already uses: CDN with the kernel's reason, nothing
#     of it in B's kernel, the others unharmed;
#   - session delete, tunnel delete, SIGKILL and a restart, SIGTERM: the kernel is left with
#     nothing of ours, and the persistent pseudowires come back and ping again; a tunnel made
#     with ip l2tp beforehand is never touched;
#   - dataplane: auto on B finds the kernel; UDP checksum options on (IPv6 zero checksums);
#     B's UDP tunnels on ports of their own (tunnel_ports: per-tunnel).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
here=${BASH_SOURCE[0]%/*}/..
daemon_test
ns_pair

# Hosts behind each LCCE, on VLAN 100 through a bridge that also holds the pseudowire.
bridged_hosts br0 100
# B's name for one pseudowire is taken before l2tpd starts.
ip -n "$ns_b" link add pwtaken type dummy

# config SIDE LOCAL_V4 LOCAL_V6 PEER_V4 PEER_V6 CONNECT DATAPLANE TUNNEL_PORTS
config() {
  cat <<EOT
listen: ["$2", "[$3]"]
dataplane: $7
tunnel_ports: $8
control_socket: /run/l2tpd-$1.sock
udp_checksum: true
udp6_zero_checksum_tx: true
udp6_zero_checksum_rx: true
$([ "$1" = a ] && echo 'metrics: {listen: "127.0.0.1:9641"}')
profiles:
  # Hellos every second and few retries: a peer that restarted is noticed in seconds.
  pe: {version: 3, secret: vm-secret, digest: md5, hello_interval: 1, retries: 2,
       retransmit_initial: 0.5}
peers:
  - {name: udp4, address: "$4", profile: pe, connect: $6}
  - {name: ip4, address: "$4", encapsulation: ip, profile: pe, connect: $6}
  - {name: udp6, address: "[$5]", profile: pe, connect: $6}
  - {name: ip6, address: "[$5]", encapsulation: ip, profile: pe, connect: $6}
pseudowires:
  - {name: u4, peer: udp4, interface: pwu4, cookie_length: 0, l2_specific_sublayer: none}
  - {name: i4, peer: ip4, interface: pwi4, cookie_length: 4, l2_specific_sublayer: default,
     data_sequencing: true}
  - {name: u6, peer: udp6, interface: pwu6, cookie_length: 8, l2_specific_sublayer: default}
  - {name: i6, peer: ip6, interface: pwi6, cookie_length: 8, l2_specific_sublayer: none}
  - {name: vlan, peer: udp4, type: ethernet-vlan, interface: pwvlan, bridge: br0}
  - {name: taken, peer: udp4, interface: pwtaken}
EOT
}
# B finds the kernel datapath by itself (dataplane: auto), and answers from a port of each
# tunnel's own (RFC 2661 §8.1), which A's tunnels and their kernel sessions follow.
config a 192.0.2.1 2001:db8::1 192.0.2.2 2001:db8::2 true kernel shared >"$work/a.yaml"
config b 192.0.2.2 2001:db8::2 192.0.2.1 2001:db8::1 false auto per-tunnel >"$work/b.yaml"
# Not ours: a tunnel and session made with ip l2tp before l2tpd starts must outlive it.
ip -n "$ns_a" -batch - <<EOT || fail "cannot create the foreign tunnel"
l2tp add tunnel tunnel_id 4242 peer_tunnel_id 4343 encap udp local 192.0.2.1 remote 192.0.2.2 udp_sport 4000 udp_dport 4000
l2tp add session name foreign0 tunnel_id 4242 session_id 4242 peer_session_id 4343
EOT

up_count() { ctl "$1" --json show pseudowires | grep -c '"state": "up"' || true; }
all_up() { [ "$(up_count a)" -eq 5 ] && [ "$(up_count b)" -eq 5 ]; }

start_daemon b
start_daemon a
wait_until 60 all_up # five pseudowires up on both sides
ctl b --json stats | has '"dataplane": "kernel"' || fail "dataplane: auto did not find the kernel"
ip -n "$ns_a" -j l2tp show tunnel | has '"peer_port":1701' &&
  fail "a UDP tunnel of A still goes to B's port 1701: $(ip -n "$ns_a" l2tp show tunnel)"

# Addresses on the pseudowires: 198.51.100.0/24 in /30s, .1 on A and .2 on B. A pseudowire
# that is set up again gets a new interface, so they are given again after each recovery.
address_pseudowires() {
  local side ns_var host net ifname
  for side in a b; do
    ns_var=ns_$side
    host=$([ $side = a ] && echo 1 || echo 2)
    net=0
    for ifname in pwu4 pwi4 pwu6 pwi6; do
      echo "addr replace 198.51.100.$((net + host))/30 dev $ifname"
      net=$((net + 4))
    done | ip -n "${!ns_var}" -batch - || fail "cannot address the pseudowires of $side"
  done
}
address_pseudowires

ping_all() {
  local pids=() i
  for i in 0 1 2 3; do
    ip netns exec "$ns_a" ping -c 3 -i 0.2 -W 3 -q "198.51.100.$((i * 4 + 2))" >/dev/null &
    pids+=($!)
  done
  ip netns exec "$host_a" ping -c 3 -i 0.2 -W 3 -q 203.0.113.2 >/dev/null &
  pids+=($!)
  local names=(pwu4 pwi4 pwu6 pwi6 "the bridged VLAN pseudowire")
  for i in 0 1 2 3 4; do
    wait "${pids[i]}" || fail "no ping reply across ${names[i]}"
  done
}

tx_packets() {  # of A's session on pwu4, as l2tpctl shows it
  ctl a --json show sessions | python3 -c '
import json, sys
print(next(s["datapath"]["tx_packets"] for s in json.load(sys.stdin)["sessions"]
           if s.get("interface") == "pwu4"))'
}
kernel_tx() {  # A's l2tpd_kernel_packets_total{direction="tx"}, scraped
  ip netns exec "$ns_a" python3 -c '
import urllib.request
text = urllib.request.urlopen("http://127.0.0.1:9641/metrics", timeout=5).read().decode()
print(next(int(float(l.split()[-1])) for l in text.splitlines()
           if l.startswith("l2tpd_kernel_packets_total{direction=\"tx\"}")))'
}
before=$(tx_packets)
kernel_before=$(kernel_tx)
ping_all
after=$(tx_packets)
kernel_after=$(kernel_tx)
[ $((after - before)) -ge 3 ] || fail "pwu4 tx_packets grew by $((after - before)), 3 pings sent"
[ $((kernel_after - kernel_before)) -ge 15 ] ||
  fail "A's kernel tx packets metric grew by $((kernel_after - kernel_before)), 15 pings sent"
echo "ping across 4 pseudowires and the bridged VLAN one; pwu4 tx_packets $before -> $after," \
  "metrics kernel tx $kernel_before -> $kernel_after"

agree() {
  local side=$1 ns_var=ns_$1
  ctl "$side" --json show tunnels >"$work/t.json"
  ctl "$side" --json show sessions >"$work/s.json"
  python3 "$here/datapath_agrees.py" "$work/t.json" "$work/s.json" "${!ns_var}" 4242
}
agree a || fail "A: l2tpctl and the kernel disagree"
agree b || fail "B: l2tpctl and the kernel disagree"

# The taken name: refused by B's kernel, said to A, nothing half-made in B.
ctl a --json show pseudowires | has 'interface pwtaken: L2TP_CMD_SESSION_CREATE: File exists' ||
  fail "A does not show B's reason for refusing pwtaken: $(ctl a show pseudowires)"
ip -n "$ns_b" -d link show pwtaken | has dummy || fail "B's pwtaken is no longer the dummy"
[ "$(ip -n "$ns_b" -j l2tp show session | grep -o '"session_id"' | wc -l)" -eq 5 ] ||
  fail "B's kernel does not have exactly the five sessions"

# Teardown by hand: the session goes from both kernels, then comes back (persistent).
session_of() {  # SIDE IFNAME: tunnel and session ID of the pseudowire on that interface
  ctl "$1" --json show sessions | python3 -c '
import json, sys
s = next(s for s in json.load(sys.stdin)["sessions"] if s.get("interface") == sys.argv[1])
print(s["tunnel_id"], s["session_id"], s["peer_session_id"])' "$2"
}
in_kernel() { ip -n "$1" -j l2tp show session | has "\"session_id\":$2,"; }
read -r tunnel session peer_session <<<"$(session_of a pwu4)"
ctl a session delete "$tunnel" "$session"
gone() { ! in_kernel "$ns_a" "$session" && ! in_kernel "$ns_b" "$peer_session"; }
wait_until 10 gone # the deleted session to leave both kernels
wait_until 30 all_up # pwu4 to come back
echo "session delete: gone from both kernels, placed again"

read -r tunnel session peer_session <<<"$(session_of a pwi4)"
peer_tunnel=$(ctl a --json show tunnel "$tunnel" | grep -o '"peer_tunnel_id": [0-9]*' | grep -o '[0-9]*$')
kernel_before=$(kernel_tx)
ctl a tunnel delete "$tunnel"
tunnel_gone() {
  ! ip -n "$ns_a" -j l2tp show tunnel | has "\"tunnel_id\":$tunnel," &&
    ! ip -n "$ns_b" -j l2tp show tunnel | has "\"tunnel_id\":$peer_tunnel,"
}
wait_until 10 tunnel_gone # the deleted tunnel to leave both kernels
kernel_after=$(kernel_tx)
[ "$kernel_after" -ge "$kernel_before" ] ||
  fail "A's kernel tx packets metric went down with the deleted tunnel: $kernel_before -> $kernel_after"
wait_until 30 all_up # the IP/IPv4 tunnel and pwi4 to come back
echo "tunnel delete: gone from both kernels, dialled again"

# SIGKILL: the kernel drops what our sockets carried; a restart brings it all back.
echo "SIGKILL to l2tpd A ($pid_a)"
kill -KILL "$pid_a"
wait "$pid_a" 2>/dev/null || true
# Empty but for the foreign tunnel.
empty_a() {
  [ "$(ip -n "$ns_a" l2tp show tunnel | grep -c '^Tunnel')" -eq 1 ] &&
    ! ip -n "$ns_a" link show pwu4 >/dev/null 2>&1
}
wait_until 10 empty_a # A's kernel to be empty after SIGKILL
echo "A's kernel is empty; restarting A"
start_daemon a
wait_until 60 all_up # the pseudowires to come back after a restart
address_pseudowires
ping_all
agree a || fail "A after the restart: l2tpctl and the kernel disagree"
echo "SIGKILL and restart: nothing left behind, pseudowires back, ping"

# SIGTERM: StopCCN to every peer; both kernels end up empty.
kill -TERM "$pid_a"
wait "$pid_a" || fail "l2tpd A exited with $? on SIGTERM"
empty_b() { [ -z "$(ip -n "$ns_b" l2tp show tunnel)" ] && ! ip -n "$ns_b" link show pwu4 >/dev/null 2>&1; }
wait_until 10 empty_a # A's kernel to be empty after SIGTERM
wait_until 10 empty_b # B's kernel to be empty once A said StopCCN
kill -TERM "$pid_b"
wait "$pid_b" || fail "l2tpd B exited with $? on SIGTERM"
ip -n "$ns_a" l2tp show session tunnel_id 4242 session_id 4242 | has foreign0 ||
  fail "the foreign ip l2tp session did not survive l2tpd"
echo "SIGTERM: both kernels empty; the foreign ip l2tp tunnel untouched"
