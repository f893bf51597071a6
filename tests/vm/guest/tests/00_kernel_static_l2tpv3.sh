#!/usr/bin/env bash
# The harness and the kernel, without our daemon: static (unmanaged) L2TPv3 tunnels between two
# namespaces, over UDP/IPv4, IP/IPv4 and IP/IPv6, one Ethernet session each, and ping across
# each session's l2tpeth interface. `ip l2tp show tunnel` lists them; deleting them leaves
# none.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
ns_pair

# side NS LOCAL REMOTE OWN_BASE PEER_BASE HOST: one side of the three tunnels. Tunnel IDs are
# BASE, BASE+2, BASE+4 and session IDs one more, different on each side so that a mix-up of
# local and peer IDs breaks the test; each session's interface gets 198.51.100.(4N-4+HOST)/30.
side() {
  local ns=$1 l4=$2 r4=$3 own=$4 peer=$5 host=$6
  ip -n "$ns" -batch - <<EOT || fail "cannot create the tunnels in $ns"
l2tp add tunnel tunnel_id $own peer_tunnel_id $peer encap udp local $l4 remote $r4 udp_sport 1701 udp_dport 1701
l2tp add session name l2udp tunnel_id $own session_id $((own + 1)) peer_session_id $((peer + 1))
l2tp add tunnel tunnel_id $((own + 2)) peer_tunnel_id $((peer + 2)) encap ip local $l4 remote $r4
l2tp add session name l2ip tunnel_id $((own + 2)) session_id $((own + 3)) peer_session_id $((peer + 3))
l2tp add tunnel tunnel_id $((own + 4)) peer_tunnel_id $((peer + 4)) encap ip local 2001:db8::$host remote 2001:db8::$((3 - host))
l2tp add session name l2ip6 tunnel_id $((own + 4)) session_id $((own + 5)) peer_session_id $((peer + 5))
addr add 198.51.100.$((1 * 4 - 4 + host))/30 dev l2udp
addr add 198.51.100.$((2 * 4 - 4 + host))/30 dev l2ip
addr add 198.51.100.$((3 * 4 - 4 + host))/30 dev l2ip6
link set l2udp up
link set l2ip up
link set l2ip6 up
EOT
}
side "$ns_a" 192.0.2.1 192.0.2.2 100 200 1
side "$ns_b" 192.0.2.2 192.0.2.1 200 100 2

shown=$(ip -n "$ns_a" l2tp show tunnel)
for want in "Tunnel 100, encap UDP" "Tunnel 102, encap IP" "Tunnel 104, encap IP"; do
  [[ $shown == *"$want"* ]] || fail "ip l2tp show tunnel lacks \"$want\": $shown"
done

# The three at once: each waits up to 2 s per reply.
ifaces=(l2udp l2ip l2ip6)
pings=()
for net in 1 2 3; do
  ip netns exec "$ns_a" ping -c 2 -i 0.2 -W 2 -q "198.51.100.$((net * 4 - 2))" &
  pings+=($!)
done
for i in 0 1 2; do
  wait "${pings[i]}" || fail "no ping reply across ${ifaces[i]}"
done

# Deleting a tunnel deletes its sessions and their interfaces.
for side in "$ns_a 100" "$ns_b 200"; do
  read -r ns own <<<"$side"
  ip -n "$ns" -batch - <<EOT || fail "cannot delete the tunnels in $ns"
l2tp del tunnel tunnel_id $own
l2tp del tunnel tunnel_id $((own + 2))
l2tp del tunnel tunnel_id $((own + 4))
EOT
done
shown=$(ip -n "$ns_a" l2tp show tunnel)
[ -z "$shown" ] || fail "tunnels left after deletion: $shown"
echo "ok"
