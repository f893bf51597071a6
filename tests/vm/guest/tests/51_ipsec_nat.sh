#!/usr/bin/env bash
# Many L2TP/IPsec clients behind one NAT (docs/ipsec.md "Several clients behind one NAT"): the
# concentrator of etc/examples (tests/vm/guest/ipsec.sh: strongSwan with strongswan-l2tp.conf,
# whose SAs each get a mark of their own; l2tpd with l2tp-ipsec-concentrator.yaml, ipsec_marks
# and the kernel datapath on the shared port; pppd with l2tp-ipsec.pppd, MS-CHAPv2), in the
# server namespace A (192.0.2.1). Clients, each in a namespace of its own with a charon (IKEv1,
# PSK, transport-mode SA for UDP 1701), l2tpd as the LAC and pppd, user uI, its address from
# the server's pool:
#   - client 0 on its own address (namespace B, 192.0.2.2);
#   - clients 1 to $nat_count behind one masquerading NAT: all reach the server from
#     203.0.113.2:1701 (NAT-T), told apart only by their SAs' marks.
# The IKE exchanges run at once. The expectation follows the guest's kernel:
#   - Linux 6.11 or later: every client's tunnel and PPP link up; the server lists the NAT's
#     address:1701 once per NAT client, each with a mark of its own, and has one kernel tunnel
#     per client; all ping the server's PPP end at once, each through its own SA. Then client 1
#     leaves (l2tpctl tunnel delete on its LAC) and client 2's IKE SA is deleted (swanctl
#     --terminate): exactly their tunnels and the server's PPP links go, the others keep pinging.
#   - before 6.11: client 1 comes up, client 2's tunnel is refused with StopCCN, the server's log
#     and client 2's LAC's naming Linux 6.11; clients 0 and 1 keep pinging.
# The test's copy of the concentrator YAML has LCP echoes every 3 s (4 unanswered: gone) and 3
# retransmissions, for a client whose SA is gone to be found in seconds rather than minutes. Not
# less: with 11 clients' charons, LACs and pppds in the emulated guest, a pppd can be starved for
# seconds, and with echoes every second and 3 unanswered the server dropped clients that were
# still negotiating or had just come up (Linux 6.12, a loaded host).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
daemon_test
ns_pair # A: the server, 192.0.2.1; B: client 0, 192.0.2.2
# shellcheck source=../ipsec.sh
source "${BASH_SOURCE[0]%/*}/../ipsec.sh"
if kernel_at_least 6 11; then
  nat_count=10
else
  nat_count=2
fi
ppp_secrets
ipsec_nat
nat_clients "$nat_count"
ipsec_firewall
clients=$(seq 0 "$nat_count")
client_ns=("$ns_b" "${nat_ns[@]:1}")
client_addr=(192.0.2.2)
for i in $(seq "$nat_count"); do client_addr[i]=198.51.100.$((10 + i)); done
for i in $clients; do
  echo "u$i l2tp-vpn \"u$i-vm-password\" *" >>/etc/ppp/chap-secrets # the pool gives the address
  client_ppp "u$i"
done

# --- IPsec: every charon and LAC started at once, then every IKE exchange at once -----------
charon server "$ns_a"
for i in $clients; do charon "c$i" "${client_ns[i]}"; done
for i in $clients; do
  cat >"$work/lac$i.yaml" <<EOT
listen: ["${client_addr[i]}"]
dataplane: kernel
control_socket: /run/l2tpd-51-c$i.sock
ppp: {options_file: $work/u$i.options}
profiles:
  lac: {version: 2}
peers:
  - {name: vpn, address: "192.0.2.1", profile: lac}
EOT
  start "${client_ns[i]}" "$l2tpd" -c "$work/lac$i.yaml" --log console >>"$logs/51_ipsec_nat_l2tpd_c$i.log" 2>&1
done
# lac I ARGS...: l2tpctl to client I's l2tpd.
lac() { ip netns exec "${client_ns[$1]}" "$l2tpctl" --socket "/run/l2tpd-51-c$1.sock" "${@:2}"; }
ipsec_server 's/lcp_echo_interval: 30 /lcp_echo_interval: 3  /; s/retries: 5 /retries: 3 /'
client_swanctl
# initiate I: client I's configuration loaded into its charon, then its SA.
initiate() {
  load "c$1" "$work/client.swanctl"
  swan "c$1" --initiate --child l2tp --timeout 90 >"$work/c$1.initiate" 2>&1 ||
    fail "client $1: no IPsec SA: $(tail -3 "$work/c$1.initiate")"
}
# all_at_once WHAT CMD I...: CMD I for each client I, each in a subshell of its own (whose
# `fail` says why), all at once; the test fails if one of them did.
all_at_once() {
  local i running=()
  for i in "${@:3}"; do
    "$2" "$i" &
    running[i]=$!
  done
  for i in "${@:3}"; do wait "${running[i]}" || fail "client $i: $1 failed"; done
}
# shellcheck disable=SC2086 # a list of numbers
all_at_once IPsec initiate $clients
nat_sas=$(server_sa 203.0.113.2 | grep -c "encap=yes" || true)
((nat_sas == nat_count)) || fail "the server has $nat_sas SAs in NAT-T with 203.0.113.2, not $nat_count"
echo "IPsec: $((nat_count + 1)) clients' SAs up, $nat_count of them through the NAT"

# --- L2TP and PPP --------------------------------------------------------------------------
# connect I: client I's tunnel, then its session once the tunnel is up, then its PPP link;
# its tunnel's ID in $work/tunnelI. Tunnels are opened by hand (no connect: true), so that a
# deleted one is not opened again.
connect() {
  local added
  wait_until 20 lac "$1" stats # client I's management socket
  added=$(lac "$1" tunnel add vpn)
  echo "${added#tunnel_id: }" >"$work/tunnel$1"
  wait_until 60 lac_established "$1" # client I's tunnel
  lac "$1" session add "$(<"$work/tunnel$1")" >/dev/null
  wait_until 90 pool_address "$1" # client I's PPP link
  pool_address "$1" >"$work/addr$1"
  wait_until 30 server_link "$1" # the server's end of it
}
# pool_address I: client I's PPP address (from the server's pool), if its link is up.
pool_address() {
  ip -n "${client_ns[$1]}" -4 addr show up | sed -n 's|.*inet \(10\.10\.0\.[0-9]*\) peer 10\.10\.0\.1/32.*|\1|p' | grep .
}
lac_established() { lac "$1" show tunnels | has established; }
# server_link I: whether the server has a PPP link to client I's address.
server_link() { address_up "$ns_a" "peer $(<"$work/addr$1")/32"; }
established() {
  ctl a --json show tunnels | python3 -c '
import json, sys
print("\n".join(t["peer"] for t in json.load(sys.stdin)["tunnels"] if t["state"] == "established"))'
}
kernel_tunnels() { ip -n "$ns_a" l2tp show tunnel | grep -c '^Tunnel' || true; }
# server_sa_bytes: the bytes in and out ("IN OUT") of each client's SA as the server counts
# them, in ${sa_bytes[I]}, the SA found by the client's identity (its own address).
server_sa_bytes() {
  local line i
  sa_bytes=()
  while read -r line; do
    for i in $clients; do
      if [[ $line == *"remote-id=${client_addr[i]} "* && $line =~ bytes-in=([0-9]+)\ .*bytes-out=([0-9]+) ]]; then
        sa_bytes[i]="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
      fi
    done
  done < <(swan server --list-sas --raw)
}
# ping_server I: 3 pings from client I to the server's PPP end.
ping_server() {
  ip netns exec "${client_ns[$1]}" ping -c 3 -i 0.3 -W 5 -q 10.10.0.1 >/dev/null ||
    fail "client $1: no ping reply across PPP"
}
# ping_all I...: each client pings, all at once, and each one's SA counted them both ways (ESP
# counts the L2TP packets, each more than a ping's 84 octets).
ping_all() {
  local i b a before=()
  server_sa_bytes
  for i in "$@"; do before[i]=${sa_bytes[i]:-}; done
  all_at_once ping ping_server "$@"
  server_sa_bytes
  for i in "$@"; do
    read -r -a b <<<"${before[i]}"
    read -r -a a <<<"${sa_bytes[i]:-}"
    ((${#b[@]} == 2 && ${#a[@]} == 2)) || fail "no byte counters in client $i's SA"
    ((a[0] - b[0] >= 252 && a[1] - b[1] >= 252)) ||
      fail "client $i's pings did not go through its SA (bytes in/out ${b[*]} -> ${a[*]})"
  done
}

if ! kernel_at_least 6 11; then
  all_at_once L2TP connect 0 1
  wait_until 20 lac 2 stats # client 2's management socket
  lac 2 tunnel add vpn >/dev/null
  refusal="cannot hold two tunnels from one NAT address and port; that needs Linux 6.11 or later"
  # shellcheck disable=SC2317 # called by wait_until
  refused() { grep -q "$refusal" "$1"; }
  wait_until 30 refused "$logs/51_ipsec_nat_l2tpd_server.log" # the server to refuse client 2
  wait_until 30 refused "$logs/51_ipsec_nat_l2tpd_c2.log" # client 2's StopCCN with the reason
  [ "$(kernel_tunnels)" = 2 ] || fail "the server has $(kernel_tunnels) kernel tunnels, not 2"
  ping_all 0 1
  echo "Linux $(uname -r): client 2 behind the NAT refused (StopCCN naming Linux 6.11), clients 0 and 1 ping"
  exit 0
fi

# shellcheck disable=SC2086 # a list of numbers
all_at_once L2TP connect $clients
peers=$(established)
python3 - "$nat_count" "$peers" <<'EOT' || fail "the server's tunnels: $peers"
import re, sys
count, peers = int(sys.argv[1]), sys.argv[2]
marks = re.findall(r"203\.0\.113\.2:1701 mark (\d+)", peers)
sys.exit(len(marks) != count or len(set(marks)) != count)
EOT
[ "$(kernel_tunnels)" = $((nat_count + 1)) ] || fail "the server has $(kernel_tunnels) kernel tunnels"
# shellcheck disable=SC2086 # a list of numbers
ping_all $clients
[ "$(l2tp_packets cleartext_l2tp)" = 0 ] || fail "cleartext L2TP reached the server"
echo "$nat_count clients behind the NAT and one beside it: tunnels with distinct marks, one kernel tunnel each, all ping at once"

# --- two clients leave ---------------------------------------------------------------------
lac 1 tunnel delete "$(<"$work/tunnel1")" >/dev/null
swan c2 --terminate --ike vpn --timeout 30 >"$work/c2.terminate" 2>&1 ||
  fail "client 2: cannot delete its SA: $(tail -3 "$work/c2.terminate")"
left() { ! server_link 1 && ! server_link 2 && [ "$(kernel_tunnels)" = $((nat_count - 1)) ]; }
wait_until 60 left # clients 1's and 2's tunnels and the server's PPP links to go
[ "$(established | wc -l)" = $((nat_count - 1)) ] || fail "the server's tunnels: $(established)"
stayed=$(seq 0 "$nat_count" | grep -vx '[12]')
links=$(ip -n "$ns_a" -4 addr show)
for i in $stayed; do
  [[ $links == *"peer $(<"$work/addr$i")/32"* ]] || fail "the server lost client $i's PPP link"
done
# shellcheck disable=SC2086 # a list of numbers
ping_all $stayed
echo "client 1's tunnel deleted, client 2's SA deleted: exactly theirs gone, the others ping"
