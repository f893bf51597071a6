#!/usr/bin/env bash
# unit_verify.sh judges our unit and only ours: it fails on broken copies of it (a setting
# systemd does not know, a value it cannot parse, a command that is not there), and passes when
# the only fault is in a unit ours reaches, as FreeRADIUS's is on a host that has it installed.
# Usage: unit_verify_faults.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"
command -v systemd-analyze >/dev/null || skip_test "needs systemd-analyze (package systemd)"
build=$(cd "$1" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# verdict NAME SED_EXPRESSION: unit_verify.sh's exit status on our unit edited by SED_EXPRESSION.
verdict() {
  sed "$2" "$build/systemd/l2tpd.service" >"$work/$1.service"
  status=0
  "$here/unit_verify.sh" "$build" "$work/$1.service" >"$work/$1.log" 2>&1 || status=$?
  return 0
}
expect_fault() {
  verdict "$1" "$2"
  if [ "$status" -ne 1 ] || ! grep -q 'l2tpd\.service' "$work/$1.log"; then
    echo "FAIL: $1: unit_verify.sh exited $status without naming our unit:"
    cat "$work/$1.log"
    failed=1
  fi
}
expect_fault unknown-setting 's/^WatchdogSec=30$/&\nWatchdogSecs=30/'
expect_fault bad-value 's/^TimeoutStopSec=30$/TimeoutStopSec=thirty/'
expect_fault missing-command 's|^ExecReload=/bin/kill |ExecReload=/nonexistent/kill |'

# A faulty unit of another package that ours reaches (here through Wants=).
mkdir "$work/units"
printf '[Unit]\nDescription=foreign\n[Service]\nExecStart=/bin/true\nMemoryLimit=1G\nNoSuchKey=1\n' \
  >"$work/units/unit-verify-foreign.service"
export SYSTEMD_UNIT_PATH=$work/units:
reach='s/^Wants=network-online.target$/& unit-verify-foreign.service/'
sed "$reach" "$build/systemd/l2tpd.service" >"$work/reaching.service"
reached=$(systemd-analyze verify --man=no "$work/reaching.service" 2>&1 || true)
grep -q 'unit-verify-foreign\.service:' <<<"$reached" ||
  { echo "FAIL: systemd-analyze does not reach the foreign unit: the case below proves nothing"; failed=1; }
verdict foreign-fault "$reach"
if [ "$status" -ne 0 ]; then
  echo "FAIL: foreign-fault: unit_verify.sh judged another unit's fault:"
  cat "$work/foreign-fault.log"
  failed=1
fi
[ "$failed" -eq 0 ] && echo "unit_verify.sh fails on faults of our unit, and only on those"
exit "$failed"
