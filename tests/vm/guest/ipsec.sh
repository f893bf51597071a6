# shellcheck shell=bash disable=SC2154 # ns_a, work, logs, test_name, l2tpd: lib.sh's
# Sourced by the L2TP/IPsec tests (50_ipsec, 51_ipsec_nat) after lib.sh, ns_pair and
# daemon_test: the concentrator of etc/examples in the server namespace $ns_a (192.0.2.1),
# clients behind a masquerading NAT, and a strongSwan charon per namespace.
#   ipsec_nat                  the NAT's namespace $ns_nat: 203.0.113.2 towards $ns_a
#                              (203.0.113.1), 198.51.100.1 on the bridge lan of its clients
#   nat_clients COUNT          COUNT client namespaces behind it, ${nat_ns[i]} (i from 1) with
#                              eth0 198.51.100.(10 + i)/24
#   ipsec_firewall             the server's firewall, as l2tp-ipsec-concentrator.yaml's comments
#                              give it, with counters: l2tp_packets COUNTER
#   charon NAME NS             charon-systemd in NS with $work/NAME.conf (started, not waited for)
#   swan NAME ARGS...          swanctl to that charon
#   load NAME FILE             swanctl --load-all of FILE into that charon, once it answers
#   ipsec_server [SED-SCRIPT]  the server: charon "server" with strongswan-l2tp.conf, and l2tpd
#                              with l2tp-ipsec-concentrator.yaml (SED-SCRIPT applied to its copy)
#                              and l2tp-ipsec.pppd, all as shipped but for the pre-shared key and
#                              a log file for pppd
#   server_swanctl [SED-SCRIPT]
#                              ipsec_server's charon side: strongswan-l2tp.conf with the
#                              pre-shared key (and SED-SCRIPT applied), loaded into "server"
#   server_ppp                 ipsec_server's pppd side: $work/l2tp-ipsec.pppd, as shipped but
#                              for a log file
#   client_swanctl             $work/client.swanctl: the clients' side (as NetworkManager-l2tp
#                              configures it), IKEv1 with the PSK, L2TP only
#   client_ppp NAME            $work/NAME.options: a client's pppd options, user NAME
#   server_sa PEER             the server's SA with the client at PEER (public address), a line
#   server_pppd PEER           the PIDs of the server's pppds for the clients at PEER
#   has_address NS ADDR        whether NS has a PPP link with ADDR, peer the server's end
# Each charon gets a strongswan.conf of its own (STRONGSWAN_CONF) with its own VICI socket and
# log; charon-systemd writes no PID file, so nothing else of theirs collides.

examples=$(cd "${BASH_SOURCE[0]%/*}/../../../etc/examples" && pwd -P)
psk=vm-ipsec-psk
modprobe -a esp4 xfrm_user || fail "no ESP in this kernel"

ipsec_nat() {
  ns_nat=l2n-$$
  made_ns+=("$ns_nat")
  ip -batch - <<EOT || fail "cannot create the NAT's namespace"
netns add $ns_nat
link add wan-$$ netns $ns_a type veth peer name wan netns $ns_nat
EOT
  ip -n "$ns_a" -batch - <<EOT || fail "cannot configure $ns_a"
link set wan-$$ up
addr add 203.0.113.1/24 dev wan-$$
EOT
  ip -n "$ns_nat" -batch - <<EOT || fail "cannot configure $ns_nat"
link set lo up
link set wan up
addr add 203.0.113.2/24 dev wan
link add lan type bridge
link set lan up
addr add 198.51.100.1/24 dev lan
route add 192.0.2.0/24 via 203.0.113.1
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
}

nat_clients() {
  local i
  nat_ns=()
  for ((i = 1; i <= $1; i++)); do nat_ns[i]=l2c$i-$$; done
  made_ns+=("${nat_ns[@]}")
  for ((i = 1; i <= $1; i++)); do
    echo "netns add ${nat_ns[i]}"
    echo "link add lan$i netns $ns_nat type veth peer name eth0 netns ${nat_ns[i]}"
  done | ip -batch - || fail "cannot create the NAT's clients"
  for ((i = 1; i <= $1; i++)); do
    echo "link set lan$i master lan"
    echo "link set lan$i up"
  done | ip -n "$ns_nat" -batch - || fail "cannot connect the clients to the NAT"
  for ((i = 1; i <= $1; i++)); do
    ip -n "${nat_ns[i]}" -batch - <<EOT || fail "cannot configure ${nat_ns[i]}"
link set lo up
link set eth0 up
addr add 198.51.100.$((10 + i))/24 dev eth0
route add default via 198.51.100.1
EOT
  done
}

ipsec_firewall() {
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
}
l2tp_packets() {
  ip netns exec "$ns_a" nft list counter inet l2tp_ipsec "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

# charon-systemd loads the plugins the packages installed, as with the packaged
# /etc/strongswan.conf (it reads the charon section): Debian 12's are aes, sha2, gmp...,
# Debian 13's openssl.
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
      path = $logs/${test_name}_charon_$name.log
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
}
swan() { STRONGSWAN_CONF="$work/$1.conf" swanctl "${@:2}"; }
# There are no certificate folders beside FILE to load: swanctl's complaints about them go to
# the log.
load() {
  wait_until 20 test -S "$work/$1.vici" # the charon's VICI socket
  swan "$1" --load-all --file "$2" >"$work/$1.load" 2>&1 || fail "$1: swanctl cannot load $2: $(cat "$work/$1.load")"
}

ipsec_server() {
  # shellcheck disable=SC2119 # strongswan-l2tp.conf as shipped
  server_swanctl
  # The shipped files side by side (the YAML finds the pppd options beside it).
  sed "${1:-}" "$examples/l2tp-ipsec-concentrator.yaml" >"$work/l2tp-ipsec-concentrator.yaml"
  server_ppp
  start "$ns_a" "$l2tpd" -c "$work/l2tp-ipsec-concentrator.yaml" --control-socket /run/l2tpd-a.sock \
    --log console >>"$logs/${test_name}_l2tpd_server.log" 2>&1
  wait_until 20 ctl a stats # the server's management socket
}

# shellcheck disable=SC2120 # only tests/vm/bench/ipsec_compare.sh passes a SED-SCRIPT
server_swanctl() {
  sed "s/replace-with-a-long-random-key/$psk/; ${1:-}" "$examples/strongswan-l2tp.conf" >"$work/server.swanctl"
  load server "$work/server.swanctl"
}

server_ppp() {
  cp "$examples/l2tp-ipsec.pppd" "$work/"
  echo "logfile $logs/${test_name}_pppd.log" >>"$work/l2tp-ipsec.pppd"
}

client_swanctl() {
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
}

client_ppp() {
  printf '%s\n' noauth nodefaultroute refuse-eap refuse-pap refuse-chap refuse-mschap noccp novj \
    "logfile $logs/${test_name}_pppd.log" "name $1" >"$work/$1.options"
}

server_sa() { swan server --list-sas --raw | grep "remote-host=$1 "; }

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

has_address() { ip -n "$1" -4 addr show | has "inet $2 peer 10.10.0.1/32"; }
