#!/usr/bin/env bash
# skip.sh: a test that cannot run is skipped (77) on a developer's machine and fails (1) in CI.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status_with() { env -u CI ${1:+CI=$1} bash -c "source '$here/skip.sh'; skip_test 'needs a tool'" >/dev/null; echo $?; }
failed=0
[ "$(status_with true)" -eq 1 ] || { echo "FAIL: CI=true must turn a skip into a failure"; failed=1; }
[ "$(status_with "")" -eq 77 ] || { echo "FAIL: outside CI a skip must exit 77"; failed=1; }
[ "$(status_with false)" -eq 77 ] || { echo "FAIL: CI=false is not CI"; failed=1; }
[ "$failed" -eq 0 ] && echo "PASS: skips fail in CI and are skipped elsewhere"
exit "$failed"
