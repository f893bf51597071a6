#!/usr/bin/env bash
# The L2TP/IPsec concentrator of etc/examples end to end: strongSwan (charon-systemd, loaded by
# swanctl) with strongswan-l2tp.conf, l2tpd with l2tp-ipsec-concentrator.yaml and pppd with
# l2tp-ipsec.pppd (MS-CHAPv2), all three as shipped but for the pre-shared key, the pool's size and
# a log file for pppd, in the server namespace A (192.0.2.1, the examples' address). Two clients,
# each with a charon of its own (IKEv1, PSK, a transport-mode SA for UDP 1701):
#   - client 1 (namespace B, 192.0.2.2, on the server's network): xl2tpd in kernel mode and
#     pppd, what NetworkManager-l2tp runs;
#   - client 2 (198.51.100.2) behind a masquerading NAT (203.0.113.2 towards the server):
#     l2tpd as the LAC, so IKE and ESP go in UDP 4500 (NAT-T).
# The pool of the YAML is shrunk to two addresses. For each client: PPP comes up with an
# address of the pool (l2tpctl show pools: both in use) and pings the server's PPP
# end; the server's SA counts the pings' bytes both ways; the server's firewall (the rules the
# concentrator YAML's comments give) accepts the decrypted L2TP and drops a cleartext datagram;
# a third session finds the pool exhausted (CDN Result 4, counted, logged with the pool's
# name) and the links stay up; the client's disconnect (xl2tpd stopped; l2tpctl tunnel
# delete) clears the server's session, its pppd exits, and the pool has its addresses back.
#
# Each charon gets a strongswan.conf of its own (STRONGSWAN_CONF) with its own VICI socket and
# log; charon-systemd writes no PID file, so nothing else of theirs collides.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
examples=$(cd "${BASH_SOURCE[0]%/*}/../../../../etc/examples" && pwd -P)
json_query=$(cd "${BASH_SOURCE[0]%/*}/../../../lib" && pwd -P)/json_query.py
daemon_test
ns_pair # A: the server, 192.0.2.1; B: client 1, 192.0.2.2
ppp_secrets
psk=vm-ipsec-psk
# Any address (*): the server's pool gives it.
printf '%s\n' 'alice l2tp-vpn "alice-vm-password" *' \
  'bob l2tp-vpn "bob-vm-password" *' >>/etc/ppp/chap-secrets
modprobe -a esp4 xfrm_user || fail "no ESP in this kernel"

# --- the NAT and client 2 ------------------------------------------------------------------
ns_nat=l2n-$$
ns_c2=l2c-$$
made_ns+=("$ns_nat" "$ns_c2")
ip -batch - <<EOT || fail "cannot create the NAT's namespaces"
netns add $ns_nat
netns add $ns_c2
link add wan-$$ netns $ns_a type veth peer name wan netns $ns_nat
link add lan netns $ns_nat type veth peer name eth0 netns $ns_c2
EOT
ip -n "$ns_a" -batch - <<EOT || fail "cannot configure $ns_a"
link set wan-$$ up
addr add 203.0.113.1/24 dev wan-$$
EOT
ip -n "$ns_nat" -batch - <<EOT || fail "cannot configure $ns_nat"
link set lo up
link set wan up
addr add 203.0.113.2/24 dev wan
link set lan up
addr add 198.51.100.1/24 dev lan
route add 192.0.2.0/24 via 203.0.113.1
EOT
ip -n "$ns_c2" -batch - <<EOT || fail "cannot configure $ns_c2"
link set lo up
link set eth0 up
addr add 198.51.100.2/24 dev eth0
route add default via 198.51.100.1
EOT
ip netns exec "$ns_nat" sh -c 'sysctl -qw net.ipv4.ip_forward=1 && nft -f -' <<EOT ||
table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat;
    oifname wan masquerade
  }
}
EOT
  fail "cannot set up the NAT"

# The server's firewall, as l2tp-ipsec-concentrator.yaml's comments give it, with counters.
ip netns exec "$ns_a" nft -f - <<EOT || fail "cannot load the server's firewall"
table inet l2tp_ipsec {
  counter decrypted_l2tp {
  }
  counter cleartext_l2tp {
  }
  chain input {
    type filter hook input priority filter;
    udp dport 1701 meta ipsec exists counter name decrypted_l2tp accept
    udp dport 1701 counter name cleartext_l2tp drop
  }
}
EOT
l2tp_packets() {  # COUNTER: its packets
  ip netns exec "$ns_a" nft list counter inet l2tp_ipsec "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

# --- strongSwan: one charon per namespace --------------------------------------------------
# charon NAME NS: charon-systemd in NS with $work/NAME.conf, its VICI socket $work/NAME.vici.
# It loads the plugins the packages installed, as with the packaged /etc/strongswan.conf
# (charon-systemd reads the charon section): Debian 12's are aes, sha2, gmp..., Debian 13's
# openssl.
charon() {
  local name=$1 ns=$2
  cat >"$work/$name.conf" <<EOT
charon {
  load_modular = yes
  plugins {
    include /etc/strongswan.d/charon/*.conf
    # It would write DNS servers a peer pushes into the guest's one /etc/resolv.conf.
    resolve {
      load = no
    }
    vici {
      socket = unix://$work/$name.vici
    }
  }
  filelog {
    $name {
      path = $logs/50_ipsec_charon_$name.log
      time_format = %T
      default = 1
    }
  }
}
charon-systemd {
  journal {
    default = -1
  }
}
swanctl {
  load = random
  socket = unix://$work/$name.vici
}
EOT
  start "$ns" env STRONGSWAN_CONF="$work/$name.conf" /usr/sbin/charon-systemd
  wait_until 20 test -S "$work/$name.vici" # charon's VICI socket
}
swan() {  # NAME ARGS...: swanctl to that charon
  STRONGSWAN_CONF="$work/$1.conf" swanctl "${@:2}"
}
charon server "$ns_a"
charon c1 "$ns_b"
charon c2 "$ns_c2"
sed "s/replace-with-a-long-random-key/$psk/" "$examples/strongswan-l2tp.conf" >"$work/server.swanctl"
# load NAME FILE: swanctl --load-all of FILE into that charon (which has no certificate folders
# beside FILE to load: swanctl's complaints about them go to the log).
load() {
  swan "$1" --load-all --file "$2" >"$work/$1.load" 2>&1 || fail "$1: swanctl cannot load $2: $(cat "$work/$1.load")"
}
load server "$work/server.swanctl"

# The clients' side (as NetworkManager-l2tp configures it): IKEv1 with the PSK, L2TP only.
cat >"$work/client.swanctl" <<EOT
connections {
  vpn {
    version = 1
    remote_addrs = 192.0.2.1
    proposals = aes256-sha256-modp2048
    local {
      auth = psk
    }
    remote {
      auth = psk
    }
    children {
      l2tp {
        mode = transport
        esp_proposals = aes256-sha1
        local_ts = dynamic[udp/1701]
        remote_ts = dynamic[udp/1701]
      }
    }
  }
}
secrets {
  ike-vpn {
    secret = "$psk"
  }
}
EOT
load c1 "$work/client.swanctl"
load c2 "$work/client.swanctl"
# Both IKE exchanges at once: under emulation each takes seconds.
swan c1 --initiate --child l2tp --timeout 60 >"$work/c1.initiate" 2>&1 &
initiate_c1=$!
swan c2 --initiate --child l2tp --timeout 60 >"$work/c2.initiate" 2>&1 ||
  fail "client 2: no IPsec SA: $(tail -3 "$work/c2.initiate")"
wait "$initiate_c1" || fail "client 1: no IPsec SA: $(tail -3 "$work/c1.initiate")"

# server_sa PEER: the server's SA with the client at PEER (its public address), one line.
server_sa() { swan server --list-sas --raw | grep "remote-host=$1 "; }
server_sa 203.0.113.2 | has "encap=yes" || fail "client 2's SA does not use NAT-T"
! server_sa 192.0.2.2 | has "encap=yes" || fail "client 1's SA uses NAT-T without a NAT"
echo "IPsec: both clients' SAs up, client 2's in UDP 4500 through the NAT"

# --- L2TP and PPP --------------------------------------------------------------------------
# The shipped files side by side (the YAML finds the pppd options beside it); pppd logs to a
# file of the test's besides syslog.
# The pool shrunk to the two clients' addresses, so that a third session finds it exhausted.
sed 's/10\.10\.0\.10-10\.10\.0\.250/10.10.0.10-10.10.0.11/' \
  "$examples/l2tp-ipsec-concentrator.yaml" >"$work/l2tp-ipsec-concentrator.yaml"
grep -q '10.10.0.10-10.10.0.11' "$work/l2tp-ipsec-concentrator.yaml" || fail "the example's pool moved"
cp "$examples/l2tp-ipsec.pppd" "$work/"
echo "logfile $logs/50_ipsec_pppd.log" >>"$work/l2tp-ipsec.pppd"
start "$ns_a" "$l2tpd" -c "$work/l2tp-ipsec-concentrator.yaml" --control-socket /run/l2tpd-a.sock \
  --log console >>"$logs/50_ipsec_l2tpd_server.log" 2>&1
wait_until 20 ctl a stats # the server's management socket

client_ppp="noauth
nodefaultroute
refuse-eap
refuse-pap
refuse-chap
refuse-mschap
noccp
novj
logfile $logs/50_ipsec_pppd.log"
printf '%s\nname alice\n' "$client_ppp" >"$work/c1.options"
printf '%s\nname bob\n' "$client_ppp" >"$work/c2.options"

cat >"$work/xl2tpd.conf" <<EOT
[global]
listen-addr = 192.0.2.2
port = 1701
force userspace = no
[lac vpn]
lns = 192.0.2.1
autodial = yes
redial = no
require authentication = no
pppoptfile = $work/c1.options
EOT
start "$ns_b" xl2tpd -D -c "$work/xl2tpd.conf" -p "$work/xl2tpd.pid" -C "$work/xl2tpd.control" \
  >>"$logs/50_ipsec_xl2tpd.log" 2>&1
xl2tpd_pid=$started

cat >"$work/lac.yaml" <<EOT
listen: ["198.51.100.2"]
dataplane: kernel
control_socket: /run/l2tpd-50-lac.sock
ppp: {options_file: $work/c2.options}
profiles:
  lac: {version: 2}
peers:
  - {name: vpn, address: "192.0.2.1", profile: lac}
EOT
start "$ns_c2" "$l2tpd" -c "$work/lac.yaml" --log console >>"$logs/50_ipsec_l2tpd_lac.log" 2>&1
lac() { ip netns exec "$ns_c2" "$l2tpctl" --socket /run/l2tpd-50-lac.sock "$@"; }
wait_until 20 lac stats # client 2's management socket
# Opened by hand (no connect: true), so that it is not opened again after the disconnect.
lac tunnel add vpn >/dev/null
lac_tunnel() {
  lac --json show tunnels | python3 -c '
import json, sys
print(next(t["tunnel_id"] for t in json.load(sys.stdin)["tunnels"] if t["state"] == "established"))'
}
wait_until 60 lac_tunnel # client 2's tunnel through the NAT
tunnel=$(lac_tunnel)
lac session add "$tunnel" >/dev/null

# Each client's link up with an address of the pool, peer the server's end; one each.
pool_address() { ip -n "$1" -4 addr show | sed -n 's|.*inet \(10\.10\.0\.1[01]\) peer 10\.10\.0\.1/32.*|\1|p'; }
has_address() { [ -n "$(pool_address "$1")" ]; }
wait_until 90 has_address "$ns_b" # client 1's PPP link (xl2tpd)
wait_until 90 has_address "$ns_c2" # client 2's PPP link (l2tpd)
[ "$(pool_address "$ns_b")" != "$(pool_address "$ns_c2")" ] || fail "both clients got $(pool_address "$ns_b")"
pools_hold() { ctl a --json show pools | python3 "$json_query" --holds "$1"; }
pools_hold "d['pools'] == [{'name': 'clients', 'size': 2, 'in_use': 2, 'free': 0, 'exhausted': 0}]" ||
  fail "the pool does not show both clients' addresses in use: $(ctl a --json show pools)"
grep -q "Using l2tp kernel support." "$logs/50_ipsec_xl2tpd.log" || fail "xl2tpd is not in kernel mode"

# server_pppd PEER: the PID of the server's pppd for the client at PEER, if it has a session.
server_pppd() {
  ctl a --json show tunnels >"$work/tunnels.json"
  ctl a --json show sessions >"$work/sessions.json"
  python3 - "$work" "$1" <<'EOT'
import json, sys
work, peer = sys.argv[1], sys.argv[2]
tunnels = {t["tunnel_id"] for t in json.load(open(work + "/tunnels.json"))["tunnels"]
           if t["peer"].split(":")[0] == peer}
for s in json.load(open(work + "/sessions.json"))["sessions"]:
    if s["tunnel_id"] in tunnels and s.get("pppd_pid"):
        print(s["pppd_pid"])
EOT
}
pppd_c1=$(server_pppd 192.0.2.2)
pppd_c2=$(server_pppd 203.0.113.2)
[[ -n $pppd_c1 && -n $pppd_c2 ]] || fail "the server has no pppd for each client: $(cat "$work/sessions.json")"

# ping_through_esp NS PEER: 3 pings from NS to the server's PPP end, and the server's SA with
# PEER counted them both ways (ESP counts the L2TP packets, each more than a ping's 84 octets).
ping_through_esp() {
  local before after
  read -r -a before < <(server_sa "$2" | grep -o 'bytes-[io][nu]t*=[0-9]*' | cut -d= -f2 | paste -sd' ')
  ip netns exec "$1" ping -c 3 -i 0.3 -W 5 -q 10.10.0.1 >/dev/null || fail "$1: no ping reply across PPP"
  read -r -a after < <(server_sa "$2" | grep -o 'bytes-[io][nu]t*=[0-9]*' | cut -d= -f2 | paste -sd' ')
  ((${#before[@]} == 2 && ${#after[@]} == 2)) || fail "no byte counters in the SA with $2"
  ((after[0] - before[0] >= 252 && after[1] - before[1] >= 252)) ||
    fail "the pings did not go through the SA with $2 (bytes in/out ${before[*]} -> ${after[*]})"
}
ping_through_esp "$ns_b" 192.0.2.2
ping_through_esp "$ns_c2" 203.0.113.2
[ "$(l2tp_packets cleartext_l2tp)" = 0 ] || fail "cleartext L2TP reached the server"
[ "$(l2tp_packets decrypted_l2tp)" -gt 0 ] || fail "the server's firewall saw no L2TP from IPsec"
echo "PPP: both clients up (MS-CHAPv2, addresses from the pool), pings through ESP, no cleartext L2TP"

# A third session finds the pool exhausted: CDN Result 4, counted; the others stay up.
lac session add "$tunnel" >/dev/null
refused() { has "closed by peer (result 4," "$logs/50_ipsec_l2tpd_lac.log"; }
wait_until 30 refused # the server's CDN for the session its pool has no address for
pools_hold "d['pools'][0]['exhausted'] == 1 and d['pools'][0]['in_use'] == 2" ||
  fail "the exhausted pool was not counted: $(ctl a --json show pools)"
has "address pool 'clients' exhausted" "$logs/50_ipsec_l2tpd_server.log" ||
  fail "the server's log does not name the exhausted pool"
ip netns exec "$ns_c2" ping -c 1 -W 5 -q 10.10.0.1 >/dev/null || fail "client 2's link went down"
echo "pool: a third session refused with CDN Result 4 naming the pool, the two links stay"

# Cleartext L2TP (a control header, from the NAT's own address, which has no SA) is what the
# firewall refuses: it is counted and dropped before l2tpd.
ip netns exec "$ns_nat" bash -c \
  'printf "\xc8\x02\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00" >/dev/udp/192.0.2.1/1701'
cleartext_dropped() { [ "$(l2tp_packets cleartext_l2tp)" = 1 ]; }
wait_until 10 cleartext_dropped # the firewall to drop the cleartext datagram
echo "cleartext: an L2TP datagram outside IPsec is dropped by the server's firewall"

# --- disconnects ---------------------------------------------------------------------------
gone() { [ -z "$(server_pppd "$1")" ] && ! kill -0 "$2" 2>/dev/null; }
# Both at once: the server's pppd of each may take its stop_timeout to go.
kill -TERM "$xl2tpd_pid"
lac tunnel delete "$tunnel" >/dev/null
wait "$xl2tpd_pid" 2>/dev/null || true
wait_until 20 gone 192.0.2.2 "$pppd_c1" # client 1's session and server pppd to go
wait_until 20 gone 203.0.113.2 "$pppd_c2" # client 2's session and server pppd to go
! ctl a --json show sessions | has '"session_id"' || fail "the server kept a session"
pools_hold "d['pools'][0]['in_use'] == 0" || fail "the pool kept addresses: $(ctl a --json show pools)"
echo "disconnects: xl2tpd stopped, l2tpctl tunnel delete: the server's sessions and pppds gone"
