#!/usr/bin/env bash
# Benchmark, not a test (not in CI): N L2TP/IPsec clients (default 50) connecting at once, with
# l2tpd as the server and with xl2tpd (kernel mode) as the server, one after the other in the
# same guest (ROUNDS rounds, default 1, the order rotating each round). Under emulation only the
# ratio l2tpd/xl2tpd means something: the absolute times and sizes are the emulator's.
#   - The server (namespace A, 192.0.2.1) is tests/vm/guest/ipsec.sh's: a charon with
#     strongswan-l2tp.conf, the firewall of l2tp-ipsec-concentrator.yaml's comments, and pppd
#     with l2tp-ipsec.pppd (MS-CHAPv2). l2tpd runs l2tp-ipsec-concentrator.yaml (kernel
#     datapath, its pool); xl2tpd runs in kernel mode with a pool of its own (the same
#     addresses) and the same pppd options file. Both use strongswan-l2tp.conf without its
#     three mark lines, and l2tpd without ipsec_marks: xl2tpd cannot send with an SA's mark, and
#     no client is behind a NAT (xl2tpd could not tell clients behind one NAT apart).
#   - The clients (namespace B) are the same for both: each its own IPsec peer on an address of
#     its own (192.0.2.(10 + I)), all in one client charon (one connection per address, its
#     local_addrs), and an xl2tpd LAC per address (kernel mode, pppd as NetworkManager-l2tp runs
#     it, redialling a tunnel that failed), all users of one chap-secrets line.
# Each round starts both charons afresh and the IKE exchanges of all clients at once (the client
# charon starts every connection once loaded); once all
# SAs are up, every LAC dials at once (a line to its control pipe). Printed per server: the time
# from "all SAs up" to "all N PPP links up at the server" (L2TP and PPP: what differs), the
# total from the start of IKE, the server's RSS growth per client, and its pppds' RSS per
# client (their sum / N).
# Run: tests/vm/run.sh tests/vm/bench/ipsec_compare.sh [N [ROUNDS]]
# (L2TP_VM_MEMORY=4096 for 50 clients.)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../guest/lib.sh
source "${BASH_SOURCE[0]%/*}/../guest/lib.sh"
n=${1:-50}
rounds=${2:-1}
((n >= 1 && n <= 240)) || fail "N must be 1 to 240 (the pool's size)"
modprobe -a l2tp_core l2tp_netlink l2tp_ppp pppox ppp_generic
daemon_test
ns_pair # A: the server, 192.0.2.1; B: the clients
# shellcheck source=../guest/ipsec.sh
source "${BASH_SOURCE[0]%/*}/../guest/ipsec.sh"
ppp_secrets
echo 'bench l2tp-vpn "bench-vm-password" *' >>/etc/ppp/chap-secrets
ipsec_firewall
server_ppp
client_ppp bench
for ((i = 1; i <= n; i++)); do echo "addr add 192.0.2.$((10 + i))/24 dev $veth_b"; done |
  ip -n "$ns_b" -batch - || fail "cannot give the clients their addresses"

no_marks='/mark_in = \|mark_out = \|set_mark_in = /d'
sed "s/^ipsec_marks: true/ipsec_marks: false/" "$examples/l2tp-ipsec-concentrator.yaml" \
  >"$work/l2tp-ipsec-concentrator.yaml"
grep -q '^ipsec_marks: false' "$work/l2tp-ipsec-concentrator.yaml" || fail "cannot turn ipsec_marks off"
cat >"$work/xl2tpd-server.conf" <<EOT
[global]
listen-addr = 192.0.2.1
port = 1701
force userspace = no
[lns default]
ip range = 10.10.0.10-10.10.0.250
local ip = 10.10.0.1
require authentication = yes
name = l2tp-vpn
pppoptfile = $work/l2tp-ipsec.pppd
EOT

# The client charon's connections: client_swanctl's "vpn" once per address, from there, each
# started by the charon once loaded: N swanctl --initiate at once would each hold one of its
# worker threads while waiting, leaving none for IKE.
client_swanctl
{
  echo "connections {"
  for ((i = 1; i <= n; i++)); do
    sed -n '/^  vpn {/,/^  }/p' "$work/client.swanctl" |
      sed "s/^  vpn {/  vpn$i {/; s/^    remote_addrs = .*/&\n    local_addrs = 192.0.2.$((10 + i))/
        s/ l2tp {/ l2tp$i {\n        start_action = start/"
  done
  echo "}"
  sed -n '/^secrets {/,$p' "$work/client.swanctl"
} >"$work/clients.swanctl"
for ((i = 1; i <= n; i++)); do
  cat >"$work/lac$i.conf" <<EOT
[global]
listen-addr = 192.0.2.$((10 + i))
port = 1701
force userspace = no
[lac vpn]
lns = 192.0.2.1
redial = yes
redial timeout = 1
max redials = 10
require authentication = no
pppoptfile = $work/bench.options
EOT
done

now() { echo "${EPOCHREALTIME}"; }
rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }
# pppd_rss_kib NS: the sum of the RSS of the pppds in NS.
pppd_rss_kib() {
  local pid sum=0 comm
  for pid in $(ip netns pids "$1"); do
    read -r comm 2>/dev/null <"/proc/$pid/comm" || continue
    [ "$comm" = pppd ] && sum=$((sum + $(rss_kib "$pid")))
  done
  echo "$sum"
}
server_links() { ip -n "$ns_a" -4 -o addr show | grep -c 'inet 10.10.0.1 peer 10.10.0.' || true; }
all_sas_up() { [ "$(swan clients --list-sas --raw | grep -o 'state=INSTALLED' | wc -l)" -ge "$n" ]; }
all_links_up() { [ "$(server_links)" -ge "$n" ]; }
# Whether nothing runs in the server's and the clients' namespaces any more; whether only the
# charons do.
round_gone() { [ -z "$(ip netns pids "$ns_a")$(ip netns pids "$ns_b")" ]; }
only_charons() { [ "$(ip netns pids "$ns_a" | wc -l)" = 1 ] && [ "$(ip netns pids "$ns_b" | wc -l)" = 1 ]; }

# round SERVER: one measurement with SERVER (l2tpd or xl2tpd) as the server; appends
# "SERVER L2TP+PPP-SECONDS TOTAL-SECONDS SERVER-RSS-KIB-PER-CLIENT PPPD-RSS-KIB-PER-CLIENT" to
# $work/results and prints it.
round() {
  local server=$1 charons=() lacs=() lns i begin sas_up links_up rss_before rss_after cleartext
  rm -f "$work/server.vici" "$work/clients.vici"
  charon server "$ns_a"
  charons+=("$started")
  charon clients "$ns_b"
  charons+=("$started")
  server_swanctl "$no_marks"
  ! grep -q "^ *[a-z_]*mark[a-z_]* =" "$work/server.swanctl" || fail "the server's swanctl.conf kept a mark"
  if [ "$server" = l2tpd ]; then
    start "$ns_a" "$l2tpd" -c "$work/l2tp-ipsec-concentrator.yaml" --control-socket /run/l2tpd-a.sock \
      --log console >>"$logs/${test_name}_l2tpd_server.log" 2>&1
    lns=$started
    wait_until 20 ctl a stats # l2tpd's management socket
  else
    start "$ns_a" xl2tpd -D -c "$work/xl2tpd-server.conf" -p "$work/xl2tpd-server.pid" \
      -C "$work/xl2tpd-server.control" >>"$logs/${test_name}_xl2tpd_server.log" 2>&1
    lns=$started
    wait_until 20 udp_listening "$ns_a" 1701 # xl2tpd to listen
  fi
  for ((i = 1; i <= n; i++)); do
    start "$ns_b" xl2tpd -D -c "$work/lac$i.conf" -p "$work/lac$i.pid" -C "$work/lac$i.control" \
      >>"$logs/${test_name}_lac.log" 2>&1
    lacs+=("$started")
  done
  for ((i = 1; i <= n; i++)); do wait_until 20 test -p "$work/lac$i.control"; done
  rss_before=$(rss_kib "$lns")
  cleartext=$(l2tp_packets cleartext_l2tp)

  begin=$(now)
  load clients "$work/clients.swanctl"
  wait_until 300 all_sas_up # every client's SA
  sas_up=$(now)
  for ((i = 1; i <= n; i++)); do echo "c vpn" >"$work/lac$i.control"; done
  wait_until 300 all_links_up # every client's PPP link at the server
  links_up=$(now)

  rss_after=$(rss_kib "$lns")
  python3 -c "print('$server', f'{$links_up - $sas_up:.2f}', f'{$links_up - $begin:.2f}',
    f'{($rss_after - $rss_before) / $n:.0f}', f'{$(pppd_rss_kib "$ns_a") / $n:.0f}')" |
    tee -a "$work/results"
  [ "$(l2tp_packets cleartext_l2tp)" = "$cleartext" ] || fail "cleartext L2TP reached the server"
  if [ "$server" = xl2tpd ]; then
    grep -q "Using l2tp kernel support." "$logs/${test_name}_xl2tpd_server.log" ||
      fail "xl2tpd ran in userspace mode"
  fi

  # L2TP first, its last messages still through the SAs, then IPsec.
  kill -TERM "$lns" "${lacs[@]}"
  wait "$lns" "${lacs[@]}" 2>/dev/null || true
  wait_until 60 only_charons # every pppd of the round to go
  kill -TERM "${charons[@]}"
  wait "${charons[@]}" 2>/dev/null || true
  wait_until 60 round_gone # the charons to go
  # The kernel's SAs and policies of the charons, should one have left any.
  for ns in "$ns_a" "$ns_b"; do ip -n "$ns" -batch - <<<$'xfrm state flush\nxfrm policy flush'; done
}

for ((r = 0; r < rounds; r++)); do
  if ((r % 2 == 0)); then order=(l2tpd xl2tpd); else order=(xl2tpd l2tpd); fi
  for server in "${order[@]}"; do
    echo "round $((r + 1)), $server as the server:"
    round "$server"
  done
done

echo
echo "$n L2TP/IPsec clients at once, $rounds round(s); under emulation only the ratios mean something"
python3 - "$work/results" <<'EOT'
import sys
rows = {}
for line in open(sys.argv[1]):
    server, *figures = line.split()
    rows.setdefault(server, []).append([float(f) for f in figures])
mean = {s: [sum(c) / len(c) for c in zip(*r)] for s, r in rows.items()}
heads = ("SAs up to PPP up (s)", "total (s)", "server KiB/client", "pppd KiB/client")
print(f"{'server':8}", *(f"{h:>20}" for h in heads))
for s in ("l2tpd", "xl2tpd"):
    print(f"{s:8}", *(f"{v:20.2f}" for v in mean[s][:2]), *(f"{v:20.0f}" for v in mean[s][2:]))
ratio = [a / b if b else float("nan") for a, b in zip(mean["l2tpd"], mean["xl2tpd"])]
print(f"{'ratio':8}", *(f"{v:20.2f}" for v in ratio), "  (l2tpd / xl2tpd)")
EOT
