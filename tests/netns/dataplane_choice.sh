#!/usr/bin/env bash
# dataplane: auto and dataplane: kernel against this machine's kernel. Without the kernel's L2TP
# datapath (the l2tp netlink family; this build machine and CI have none): kernel refuses to
# start and says why, auto runs the control plane with the null dataplane and one warning
# line. With it, both run the kernel's. (The datapath itself is proven in tests/vm.)
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(python3)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# The family exists once l2tp_netlink is loaded; modprobe loads it where the kernel has it,
# as l2tpd itself would.
if [ -d /sys/module/l2tp_netlink ] || modprobe -q l2tp_netlink 2>/dev/null; then
  expected=kernel
else
  expected=null
fi

config() {
  printf 'listen: ["192.0.2.1:1701"]\ndataplane: %s\ncontrol_socket: %s\n' "$1" "$work/$1.sock"
}

config kernel >"$work/kernel.yaml"
if [ "$expected" = null ]; then
  rc=0
  ip netns exec "$ns_a" timeout 20 "$l2tpd" -c "$work/kernel.yaml" >"$work/kernel.log" 2>&1 || rc=$?
  [ "$rc" -eq 1 ] || fail "dataplane: kernel without the kernel's datapath exited $rc, not 1"
  grep -q "dataplane: kernel, but the kernel's L2TP datapath cannot be reached" "$work/kernel.log" ||
    fail "no clear refusal: $(cat "$work/kernel.log")"
  echo "dataplane: kernel refused: $(head -n 1 "$work/kernel.log")"
fi

config auto >"$work/auto.yaml"
start "$ns_a" "$work/auto.log" "$l2tpd" -c "$work/auto.yaml"
stats() { ip netns exec "$ns_a" "$l2tpctl" --socket "$work/auto.sock" --json stats; }
wait_until 30 json_holds "d['ok'] is True" stats # l2tpd with dataplane: auto answers
used=$(stats | json 'd["dataplane"]')
[ "$used" = "$expected" ] || fail "dataplane: auto chose $used, expected $expected"
if [ "$expected" = null ]; then
  warnings=$(grep -c 'the kernel has no L2TP datapath' "$work/auto.log" || true)
  [ "$warnings" -eq 1 ] || fail "expected one warning line, saw $warnings"
fi
echo "dataplane: auto chose $used"
