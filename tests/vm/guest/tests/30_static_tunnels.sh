#!/usr/bin/env bash
# Static (unmanaged) L2TPv3 tunnels from l2tpd's configuration (namespace A) against a peer
# configured only with ip l2tp commands, as in the ip l2tp manual (namespace B): no control
# connection on either side.
#   - UDP/IPv4 and IP/IPv6 with cookies, IP/IPv4 with the NetBSD l2tp(4) example's parameters
#     (sessions 1234/4321, cookies 4 12345 / 4 54321, no sublayer), UDP/IPv6 without: ping
#     crosses each, and l2tpctl lists them as static with the kernel's counters;
#   - a session bridged on each side with a host behind it: the hosts ping each other; a
#     session with a VLAN interface on it: ping across the VLAN;
#   - a mismatched cookie: nothing comes back, and the receive errors l2tpctl shows grow;
#   - a tunnel ID already taken by an ip l2tp tunnel, an interface name already taken: an error
#     naming both, the rest up;
#   - reload adds a session and removes another while a ping runs over a third, which loses
#     nothing; a reload that changes a tunnel's own settings leaves it pending while the kernel
#     deletes the old one, then makes it again;
#   - SIGKILL and a restart: the tunnels come back without duplicates; SIGTERM removes them;
#   - the MTU l2tpd works out when none is configured: a Don't Fragment ping of exactly that
#     size crosses whole, one octet more would not.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
daemon_test
ns_pair

# B: ip l2tp only. Its tunnel IDs are A's peer IDs and the other way round.
ip -n "$ns_b" -batch - <<EOT || fail "cannot set up the ip l2tp peer"
l2tp add tunnel tunnel_id 4000 peer_tunnel_id 3000 encap udp local 192.0.2.2 remote 192.0.2.1 udp_sport 5000 udp_dport 5000
l2tp add session name eth0 tunnel_id 4000 session_id 2000 peer_session_id 1000 cookie 0a0b0c0d peer_cookie 0102030405060708
l2tp add session name eth9 tunnel_id 4000 session_id 2009 peer_session_id 1009 cookie 00000009 peer_cookie 00000008
l2tp add session name eth6 tunnel_id 4000 session_id 2006 peer_session_id 1006
l2tp add session name eth7 tunnel_id 4000 session_id 2007 peer_session_id 1007
l2tp add tunnel tunnel_id 4001 peer_tunnel_id 3001 encap ip local 192.0.2.2 remote 192.0.2.1
l2tp add session name eth1 tunnel_id 4001 session_id 4321 peer_session_id 1234 cookie 0000d431 peer_cookie 00003039 l2spec_type none
l2tp add tunnel tunnel_id 4002 peer_tunnel_id 3002 encap udp local 2001:db8::2 remote 2001:db8::1 udp_sport 5002 udp_dport 5002
l2tp add session name eth2 tunnel_id 4002 session_id 2002 peer_session_id 1002
l2tp add tunnel tunnel_id 4003 peer_tunnel_id 3003 encap ip local 2001:db8::2 remote 2001:db8::1
l2tp add session name eth3 tunnel_id 4003 session_id 2003 peer_session_id 1003 cookie 1122334455667788 peer_cookie 8877665544332211
EOT
# Hosts behind each side, each bridged to a session of the UDP/IPv4 tunnel (the layout of the
# NetBSD l2tp(4) bridge example): they ping each other across it.
bridged_hosts brs
ip -n "$ns_b" -batch - <<EOT || fail "cannot bridge eth6 or make eth7.100"
link set eth6 master brs
link set eth6 up
link set eth7 up
link add link eth7 name eth7.100 type vlan id 100
link set eth7.100 up
addr add 198.51.100.66/30 dev eth7.100
EOT

# A tunnel ID that is taken in A before l2tpd starts (not ours: it must stay).
ip -n "$ns_a" l2tp add tunnel tunnel_id 3999 peer_tunnel_id 1 encap udp local 192.0.2.1 \
  remote 192.0.2.2 udp_sport 6000 udp_dport 6000
# And an interface name.
ip -n "$ns_a" link add sttaken type dummy

# static_config SESSIONS_OF_THE_UDP4_TUNNEL: A's configuration.
static_config() {
  cat <<EOT
listen: ["192.0.2.1:1701"]
dataplane: kernel
control_socket: /run/l2tpd-static.sock
static_tunnels:
  - name: udp4
    local: 192.0.2.1
    remote: 192.0.2.2
    local_port: 5000
    remote_port: 5000
    tunnel_id: 3000
    peer_tunnel_id: 4000
    sessions:
$1
  - name: netbsd
    profile: netbsd
    local: 192.0.2.1
    remote: 192.0.2.2
    tunnel_id: 3001
    peer_tunnel_id: 4001
    sessions:
      - {session_id: 1234, peer_session_id: 4321, interface: st1,
         cookie: [4, 12345], peer_cookie: [4, 54321]}
  - name: udp6
    local: "2001:db8::1"
    remote: "2001:db8::2"
    local_port: 5002
    remote_port: 5002
    tunnel_id: 3002
    peer_tunnel_id: 4002
    sessions:
      - {session_id: 1002, peer_session_id: 2002, interface: st2}
      - {session_id: 1007, peer_session_id: 2007, interface: sttaken}
  - name: ip6
    encapsulation: ip
    local: "2001:db8::1"
    remote: "2001:db8::2"
    tunnel_id: 3003
    peer_tunnel_id: 4003
    sessions:
      - {session_id: 1003, peer_session_id: 2003, interface: st3,
         cookie: "8877665544332211", peer_cookie: "1122334455667788"}
  - name: clash
    local: 192.0.2.1
    remote: 192.0.2.2
    local_port: 6001
    remote_port: 6001
    tunnel_id: 3999
    peer_tunnel_id: 2
EOT
}
session0='      - {session_id: 1000, peer_session_id: 2000, interface: st0,
         cookie: "0102030405060708", peer_cookie: "0a0b0c0d"}'
# The mismatched one (cookie: sent, peer_cookie: required, as ip l2tp has them): A sends the
# 8 that B requires, but B sends 9 where A requires 7.
session9='      - {session_id: 1009, peer_session_id: 2009, interface: st9, cookie: "00000008",
         peer_cookie: "00000007"}'
session5='      - {session_id: 1005, peer_session_id: 2005, interface: st5}'
session6='      - {session_id: 1006, peer_session_id: 2006, interface: st6, bridge: brs}
      - {session_id: 1007, peer_session_id: 2007, interface: st7, vlan: 100}'
static_config "$session0
$session6
$session9" >"$work/a.yaml"

ctl() { ip netns exec "$ns_a" "$l2tpctl" --socket /run/l2tpd-static.sock "$@"; }
start_a() {
  start "$ns_a" "$l2tpd" -c "$work/a.yaml" --log console >>"$logs/30_static_tunnels_l2tpd.log" 2>&1
  pid=$started
  wait_until 20 ctl stats # l2tpd's management socket
}
start_a

grep -q "static tunnel 'clash': tunnel ID 3999 is taken by a tunnel l2tpd did not make (peer 192.0.2.2" \
  "$logs/30_static_tunnels_l2tpd.log" || fail "no error naming the clash"
grep -q "static tunnel 'udp6' session 1007: interface sttaken is already in use" \
  "$logs/30_static_tunnels_l2tpd.log" || fail "no error naming the taken interface"
ip -n "$ns_a" -d link show sttaken | has dummy || fail "the dummy sttaken was touched"
[ "$(ctl --json show tunnels | grep -c '"state": "static"')" -eq 4 ] ||
  fail "expected 4 static tunnels up: $(ctl show tunnels)"

# Addresses: A .1, B .2 of a /30 per pair of interfaces.
address() {
  local i=0 a b
  for pair in "st0 eth0" "st1 eth1" "st2 eth2" "st3 eth3" "st9 eth9" "st5 eth5"; do
    read -r a b <<<"$pair"
    ip -n "$ns_a" link show "$a" >/dev/null 2>&1 &&
      ip -n "$ns_a" addr replace "198.51.100.$((i * 4 + 1))/30" dev "$a"
    ip -n "$ns_b" link show "$b" >/dev/null 2>&1 && ip -n "$ns_b" -batch - <<EOT
addr replace 198.51.100.$((i * 4 + 2))/30 dev $b
link set $b up
EOT
    i=$((i + 1))
  done
}
address
pids=()
for i in 0 1 2 3; do
  ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 3 -q "198.51.100.$((i * 4 + 2))" >/dev/null &
  pids+=($!)
done
for i in 0 1 2 3; do wait "${pids[i]}" || fail "no ping reply across st$i"; done
echo "ping across UDP/IPv4, IP/IPv4 (NetBSD parameters), UDP/IPv6 and IP/IPv6"
ip netns exec "$host_a" ping -c 2 -i 0.2 -W 3 -q 203.0.113.2 >/dev/null ||
  fail "the hosts behind the bridged session st6 cannot ping each other"
echo "bridged: the host behind A pings the host behind B across st6"
ip -n "$ns_a" -d link show st7.100 | has 'vlan protocol 802.1Q id 100' ||
  fail "no VLAN 100 interface on st7"
ip -n "$ns_a" addr add 198.51.100.65/30 dev st7.100
ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 3 -q 198.51.100.66 >/dev/null ||
  fail "no ping across VLAN 100 on st7"
echo "VLAN: st7.100 made by l2tpd, ping across it"

# The derived MTU (st0 has none configured): a ping with Don't Fragment at exactly that size
# crosses while B drops every outer fragment, so the outer packet fit the path; with the
# interface one octet larger the same test fails, so the overhead was not overestimated.
read -r mtu derivation <<<"$(ctl --json show sessions | python3 -c '
import json, sys
s = next(s for s in json.load(sys.stdin)["sessions"] if s.get("interface") == "st0")
print(s["mtu"], s["mtu_derivation"])')"
[[ $derivation == *"= $mtu"* ]] || fail "st0's MTU $mtu does not come with its derivation"
ip netns exec "$ns_b" nft -f - <<EOT || fail "cannot install the fragment filter"
table ip fragtest {
  chain in { type filter hook prerouting priority -400; ip frag-off & 0x3fff != 0 drop; }
}
EOT
ip netns exec "$ns_a" ping -M 'do' -s $((mtu - 28)) -c 2 -i 0.2 -W 3 -q 198.51.100.2 >/dev/null ||
  fail "a ping of the reported MTU ($mtu) with Don't Fragment does not cross"
! ip netns exec "$ns_a" ping -M 'do' -s $((mtu - 27)) -c 1 -W 1 -q 198.51.100.2 >/dev/null 2>&1 ||
  fail "a ping one octet over the MTU was sent"
ip -n "$ns_a" link set st0 mtu $((mtu + 1))
! ip netns exec "$ns_a" ping -M 'do' -s $((mtu - 27)) -c 2 -i 0.2 -W 1 -q 198.51.100.2 >/dev/null 2>&1 ||
  fail "a frame one octet over the derived MTU crossed the path whole: the overhead is overestimated"
ip -n "$ns_a" link set st0 mtu "$mtu"
ip netns exec "$ns_b" nft delete table ip fragtest
echo "derived MTU $mtu ($derivation): fits the path exactly"

# The mismatched cookie: A's requests reach B, B's replies carry a cookie A does not expect:
# nothing comes back, and A's receive errors (cookie discards) grow.
st9_rx_errors() {
  ctl --json show sessions | python3 -c '
import json, sys
d = next(s["datapath"] for s in json.load(sys.stdin)["sessions"] if s.get("interface") == "st9")
print(d["rx_errors"] + d["rx_cookie_discards"])'
}
before=$(st9_rx_errors)
! ip netns exec "$ns_a" ping -c 3 -i 0.2 -W 1 -q 198.51.100.18 >/dev/null 2>&1 ||
  fail "a ping crossed the session with the wrong cookie"
after=$(st9_rx_errors)
[ "$after" -gt "$before" ] || fail "st9's receive errors did not grow ($before -> $after)"
echo "mismatched cookie: no reply across st9, its receive errors $before -> $after"

# Reload: a ping over st0 runs while st9 goes and st5 comes.
ip -n "$ns_b" l2tp add session name eth5 tunnel_id 4000 session_id 2005 peer_session_id 1005
ip netns exec "$ns_a" ping -c 30 -i 0.1 -W 3 -q 198.51.100.2 >"$work/ping.txt" 2>&1 &
ping_pid=$!
static_config "$session0
$session6
$session5" >"$work/a.yaml"
ctl reload >/dev/null
wait "$ping_pid" || fail "the ping over st0 lost replies during the reload: $(cat "$work/ping.txt")"
grep -q ' 0% packet loss' "$work/ping.txt" || fail "loss during the reload: $(cat "$work/ping.txt")"
ip -n "$ns_a" link show st9 >/dev/null 2>&1 && fail "st9 is still there after the reload"
wait_until 5 ip -n "$ns_a" link show st5 # st5 after the reload
address
ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 3 -q 198.51.100.22 >/dev/null || fail "no ping across st5"
echo "reload: st9 removed, st5 added, a ping over st0 lost nothing"

# Reload that changes the UDP/IPv4 tunnel's own settings: it is made again under the same ID,
# which the kernel frees only once its work queue has deleted the old one. The reload does not
# wait for that (nothing blocks l2tpd's event loop): the tunnel is pending, then made.
static_config "$session0
$session6
$session5" | sed 's/^    tunnel_id: 3000$/    udp_checksum: true\n&/' >"$work/a.yaml"
grep -q 'udp_checksum: true' "$work/a.yaml" || fail "the checksum setting is not in the configuration"
ctl reload >/dev/null
grep -q "static tunnel 'udp4': pending until the kernel has deleted tunnel 3000" \
  "$logs/30_static_tunnels_l2tpd.log" || fail "the re-made tunnel udp4 was not left pending"
udp4_static() {
  ctl --json show tunnels | python3 -c '
import json, sys
t = next(t for t in json.load(sys.stdin)["tunnels"] if t.get("name") == "udp4")
sys.exit(t["state"] != "static")'
}
wait_until 5 udp4_static # made again after the reload
! grep -q "reload: static tunnel 'udp4'" "$logs/30_static_tunnels_l2tpd.log" ||
  fail "re-making udp4 failed: $(grep "static tunnel 'udp4'" "$logs/30_static_tunnels_l2tpd.log")"
wait_until 5 ip -n "$ns_a" link show st0 # once udp4 was made again
address
ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 3 -q 198.51.100.2 >/dev/null ||
  fail "no ping across st0 once udp4 was made again"
echo "reload: udp4 re-made (pending while the kernel deleted the old one), ping across st0"

# SIGKILL: the static tunnels stay in the kernel (no socket of ours holds them); a restart
# removes what the dead instance made and makes it again: no duplicates.
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
start_a
[ "$(ip -n "$ns_a" l2tp show tunnel | grep -c '^Tunnel')" -eq 5 ] ||
  fail "after the restart the kernel has: $(ip -n "$ns_a" l2tp show tunnel)"
address
ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 3 -q 198.51.100.2 >/dev/null || fail "no ping after the restart"
echo "SIGKILL and restart: 4 static tunnels again (and the foreign one), ping"

kill -TERM "$pid"
wait "$pid" || fail "l2tpd exited with $? on SIGTERM"
[ "$(ip -n "$ns_a" l2tp show tunnel | grep -c '^Tunnel')" -eq 1 ] ||
  fail "after SIGTERM the kernel has: $(ip -n "$ns_a" l2tp show tunnel)"
echo "SIGTERM: only the foreign tunnel 3999 is left"
