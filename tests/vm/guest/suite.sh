#!/usr/bin/env bash
# The kernel test suite, run inside the VM by tests/vm/run.sh (as root, in the work tree):
# loads the kernel's L2TP and PPP modules, then runs each tests/vm/guest/tests/*.sh in order,
# each in its own process with its output in $L2TP_VM_RESULTS/logs/NAME.log. Prints
# "PASS NAME (Ns)" or "FAIL NAME" per test and "N passed, N failed" last; exits non-zero if any
# failed, listing the failed names in $L2TP_VM_RESULTS/failed (run.sh prints their logs).
#   L2TP_VM_TESTS="00_kernel_static_l2tpv3 ..."  runs only those (the NN_ prefix is optional)
#   L2TP_VM_TEST_TIMEOUT=SECONDS                  per test (default 300)
set -euo pipefail
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
results=${L2TP_VM_RESULTS:-}
if [ -z "$results" ]; then
  results=$(mktemp -d /tmp/l2tp-vm-results.XXXXXX)
  echo "logs in $results/logs"
fi
export L2TP_VM_RESULTS=$results
mkdir -p "$results/logs"
: >"$results/failed"

passed=0
failed=0
report_fail() {
  echo "FAIL $1${2:+ ($2)}"
  echo "$1" >>"$results/failed"
  failed=$((failed + 1))
}

# All of them, or the test cannot use the kernel datapath: fail loudly, naming what is missing.
modules=(l2tp_core l2tp_netlink l2tp_eth l2tp_ip l2tp_ip6 l2tp_ppp pppox ppp_generic)
if ! modprobe -a "${modules[@]}" >"$results/logs/modules.log" 2>&1; then
  missing=()
  for m in "${modules[@]}"; do [ -d "/sys/module/$m" ] || missing+=("$m"); done
  report_fail modules "missing: ${missing[*]}"
  echo "$passed passed, $failed failed"
  exit 1
fi

tests=()
for t in "$here"/tests/*.sh; do
  [ -f "$t" ] || continue
  name=${t##*/}
  name=${name%.sh}
  if [ -n "${L2TP_VM_TESTS:-}" ]; then
    case " $L2TP_VM_TESTS " in *" $name "* | *" ${name#[0-9][0-9]_} "*) ;; *) continue ;; esac
  fi
  tests+=("$t")
done
# A misspelt selection must not pass by running nothing.
for want in ${L2TP_VM_TESTS:-}; do
  found=
  for t in "${tests[@]}"; do
    name=${t##*/}
    name=${name%.sh}
    if [ "$want" = "$name" ] || [ "$want" = "${name#[0-9][0-9]_}" ]; then found=1; fi
  done
  [ -n "$found" ] || report_fail "$want" "no such test"
done
[ ${#tests[@]} -gt 0 ] || report_fail "suite" "no tests to run"

for t in "${tests[@]}"; do
  name=${t##*/}
  name=${name%.sh}
  begin=${EPOCHREALTIME/./}
  # The test's own traps clean up on the timeout's SIGTERM; -k in case it ignores it.
  if timeout -k 5 "${L2TP_VM_TEST_TIMEOUT:-300}" bash "$t" >"$results/logs/$name.log" 2>&1 </dev/null; then
    took=$(((${EPOCHREALTIME/./} - begin) / 100000))
    echo "PASS $name ($((took / 10)).$((took % 10))s)"
    passed=$((passed + 1))
  else
    report_fail "$name"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
