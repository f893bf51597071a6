# shellcheck shell=bash
# Sourced by the in-guest tests (tests/vm/guest/tests/*.sh), which run as root inside the VM
# (tests/vm/run.sh). Under emulation every exec costs ≈ 50 ms, so these helpers batch `ip`
# commands and never fork to sleep.
#   fail MESSAGE...            the test fails with that message
#   wait_until SECONDS CMD...  re-runs CMD until it succeeds, or fails after SECONDS
#                              (tests/lib/wait.sh, shared with the namespace tests)
#   ns_pair                    two namespaces $ns_a and $ns_b joined by veth ($veth_a, $veth_b):
#                              192.0.2.1/24 and 2001:db8::1/64 in a, .2 and ::2 in b
#   start NS CMD...            runs CMD in NS in the background (ended on exit); PID in $started
#   on_exit CMD                runs the shell snippet CMD on exit, before the namespaces go
#   CMD | has [GREP-OPTION...] PATTERN
#                              whether CMD's output has PATTERN, reading all of it: grep -q
#                              stops at the first match, and a CMD that writes more after
#                              that dies of SIGPIPE, which pipefail counts as a failure
#   daemon_test                the host-built l2tpd and l2tpctl ($l2tpd, $l2tpctl, from
#                              L2TP_BUILD_DIR or ./build), a logs folder ($logs, in the results
#                              share) and a work folder removed on exit ($work)
#   start_daemon SIDE [WRAP...] l2tpd on $work/SIDE.yaml in $ns_SIDE (through WRAP, e.g.
#                              "${as_unit[@]}"), PID in $pid_SIDE, once it answers l2tpctl
#   ctl SIDE ARGS...           l2tpctl to that l2tpd (control socket /run/l2tpd-SIDE.sock)
#   udp_listening NS PORT      whether something in NS listens on UDP PORT
#   address_up NS PATTERN      whether an interface that is up in NS has an IPv4 address
#                              matching PATTERN ("inet A peer B/32" for a PPP link's end)
#   unit_privileges            $as_unit: the command prefix (setpriv ...) that runs a command
#                              with the capability bounding set and no_new_privs of
#                              systemd/l2tpd.service.in, as systemd would
#   kernel_at_least MAJOR MINOR whether the guest's kernel is Linux MAJOR.MINOR or later
#   ppp_secrets                CHAP secrets for the name "lac" in /etc/ppp (put back on exit)
#   ppp_scripts_aside          Debian's /etc/ppp ip-up and ip-down scripts moved aside (put
#                              back on exit), for tests and benchmarks of many pppds
#   bridged_hosts BRIDGE [VID] a host namespace behind each of $ns_a and $ns_b ($host_a,
#                              $host_b), its eth0 a port of BRIDGE there (made here), with
#                              203.0.113.1/24 behind A and .2 behind B, on eth0.VID if given
# Everything made through these helpers is removed when the test exits, pass or fail.

made_ns=()
bg_pids=()
exit_cmds=()

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local i p ns
  set +e
  for ((i = ${#exit_cmds[@]} - 1; i >= 0; i--)); do eval "${exit_cmds[i]}"; done
  if [ ${#bg_pids[@]} -gt 0 ]; then
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
    # What those started (pppd under a daemon, say) lives in the namespaces too.
    for ns in "${made_ns[@]}"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null; done
    wait 2>/dev/null
  fi
  # Deleting a namespace takes its interfaces, tunnels and sockets with it.
  if [ ${#made_ns[@]} -gt 0 ]; then
    printf 'netns del %s\n' "${made_ns[@]}" | ip -force -batch - 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# shellcheck source=../../lib/wait.sh
source "${BASH_SOURCE[0]%/*}/../../lib/wait.sh"

on_exit() { exit_cmds+=("$1"); }

has() { grep -c "$@" >/dev/null; }

start() {
  local ns=$1
  shift
  ip netns exec "$ns" "$@" &
  started=$!
  bg_pids+=("$started")
}

ns_pair() {
  ns_a=l2a-$$
  ns_b=l2b-$$
  veth_a=veth-a-$$
  veth_b=veth-b-$$
  made_ns+=("$ns_a" "$ns_b")
  ip -batch - <<EOT || fail "cannot create the namespaces"
netns add $ns_a
netns add $ns_b
link add $veth_a netns $ns_a type veth peer name $veth_b netns $ns_b
EOT
  # nodad: an IPv6 address is usable at once, not after duplicate address detection.
  ip -n "$ns_a" -batch - <<EOT || fail "cannot configure $ns_a"
link set lo up
link set $veth_a up
addr add 192.0.2.1/24 dev $veth_a
addr add 2001:db8::1/64 dev $veth_a nodad
EOT
  ip -n "$ns_b" -batch - <<EOT || fail "cannot configure $ns_b"
link set lo up
link set $veth_b up
addr add 192.0.2.2/24 dev $veth_b
addr add 2001:db8::2/64 dev $veth_b nodad
EOT
}

bridged_hosts() {
  local bridge=$1 vid=${2:-} side ns_var host n ifname=eth0
  host_a=l2ha-$$
  host_b=l2hb-$$
  made_ns+=("$host_a" "$host_b")
  for side in a b; do
    ns_var=ns_$side
    host=l2h$side-$$
    n=$([ $side = a ] && echo 1 || echo 2)
    ip -batch - <<EOT || fail "cannot create host $side"
netns add $host
link add hveth netns ${!ns_var} type veth peer name eth0 netns $host
EOT
    ip -n "${!ns_var}" -batch - <<EOT || fail "cannot create the bridge in ${!ns_var}"
link add $bridge type bridge
link set hveth master $bridge
link set hveth up
link set $bridge up
EOT
    {
      echo "link set lo up"
      echo "link set eth0 up"
      if [ -n "$vid" ]; then
        ifname=eth0.$vid
        echo "link add link eth0 name $ifname type vlan id $vid"
        echo "link set $ifname up"
      fi
      echo "addr add 203.0.113.$n/24 dev $ifname"
    } | ip -n "$host" -batch - || fail "cannot configure host $side"
  done
}

daemon_test() {
  local bin=${L2TP_BUILD_DIR:-$PWD/build}
  l2tpd=$bin/src/daemon/l2tpd
  l2tpctl=$bin/src/ctl/l2tpctl
  logs=${L2TP_VM_RESULTS:-/tmp}/logs
  mkdir -p "$logs"
  work=$(mktemp -d)
  on_exit "rm -rf $work"
  test_name=$(basename "${BASH_SOURCE[1]}" .sh)
}

# start_daemon SIDE [WRAPPER...]: l2tpd on $work/SIDE.yaml (whose control_socket is
# /run/l2tpd-SIDE.sock) in the namespace $ns_SIDE, run through WRAPPER when given, logging to
# $logs/TEST_l2tpd_SIDE.log; leaves its PID in pid_SIDE and returns once it answers l2tpctl.
start_daemon() {
  local side=$1 ns_var=ns_$1
  shift
  start "${!ns_var}" "$@" "$l2tpd" -c "$work/$side.yaml" --log console \
    >>"$logs/${test_name}_l2tpd_$side.log" 2>&1
  # shellcheck disable=SC2034 # pid_a, pid_b: for the test
  case $side in
    a) pid_a=$started ;;
    b) pid_b=$started ;;
    *) fail "start_daemon: no side $side (a or b)" ;;
  esac
  wait_until 20 ctl "$side" stats # its management socket answers
}

# ctl SIDE ARGS...: l2tpctl, to the l2tpd of that side.
ctl() {
  local side=$1 ns_var=ns_$1
  shift
  ip netns exec "${!ns_var}" "$l2tpctl" --socket "/run/l2tpd-$side.sock" "$@"
}

# udp_listening NS PORT: whether a socket in the namespace NS listens on UDP PORT.
udp_listening() { ip netns exec "$1" ss -Hlun "sport = :$2" | has "$2"; }

# address_up NS PATTERN: whether an interface that is up in NS has an IPv4 address matching
# PATTERN. A PPP link's two ends open at different moments (each pppd when its IPCP opens):
# a test that pings across one waits for the end it did not watch come up.
address_up() { ip -n "$1" -4 -o addr show up | has "$2"; }

unit_file=$(cd "${BASH_SOURCE[0]%/*}/../../.." && pwd -P)/systemd/l2tpd.service.in
unit_privileges() {
  local caps
  caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit_file" | tr ' ' '\n' | sed 's/^CAP_/+/' |
    tr '[:upper:]' '[:lower:]' | paste -sd,)
  [ -n "$caps" ] || fail "no CapabilityBoundingSet in $unit_file"
  # shellcheck disable=SC2034 # used by the tests that call this
  as_unit=(setpriv --bounding-set "-all,$caps" --no-new-privs)
}

kernel_at_least() {
  local major minor
  IFS=. read -r major minor _ </proc/sys/kernel/osrelease
  ((major > $1 || (major == $1 && minor >= $2)))
}

# PPP over the kernel's PPPoL2TP sockets (tests 40-): CHAP secrets for the name "lac" in the
# guest's /etc/ppp (the guest's overlay, put back on exit).
#   ppp_secrets
ppp_secrets() {
  cp -a /etc/ppp/chap-secrets "$work/chap-secrets.orig"
  on_exit "cp -a $work/chap-secrets.orig /etc/ppp/chap-secrets"
  printf 'lac * vm-chap-secret *\n' >/etc/ppp/chap-secrets
}

# Debian's /etc/ppp scripts are a dial-up client's (peer DNS, resolvconf); pppd runs them for
# every link of the LNS and of the LAC: ip-pre-up before IPCP is up, waiting for it, ip-up
# after. Each is a shell and run-parts, about 0.9 s of emulated CPU where real hardware takes
# milliseconds (docs/ppp.md, "With RADIUS"). Moved aside from the guest's throwaway overlay
# (pppd skips a script that does not exist), and back at exit.
#   ppp_scripts_aside
ppp_scripts_aside() {
  mkdir "$work/ppp-scripts"
  for script in ip-pre-up ip-up ip-down ipv6-up ipv6-down; do
    [ ! -e "/etc/ppp/$script" ] || mv "/etc/ppp/$script" "$work/ppp-scripts/"
  done
  on_exit "mv $work/ppp-scripts/* /etc/ppp/ 2>/dev/null || true"
}
