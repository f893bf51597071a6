#!/usr/bin/env bash
# The unit this build installs (BUILD_DIR/systemd/l2tpd.service, made from
# systemd/l2tpd.service.in) passes `systemd-analyze verify` without a word: a copy whose
# commands point at the build tree's l2tpd (the installed one need not exist here).
# Usage: unit_verify.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"
command -v systemd-analyze >/dev/null || skip_test "needs systemd-analyze (package systemd)"
build=$(cd "$1" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed "s|=[^ ]*/l2tpd |=$build/src/daemon/l2tpd |" "$build/systemd/l2tpd.service" \
  >"$work/l2tpd.service"
grep -q "^ExecStart=$build/src/daemon/l2tpd " "$work/l2tpd.service" ||
  { echo "FAIL: no ExecStart running l2tpd in the unit"; exit 1; }
# --man=no: the page is not installed here (docs_man_lint checks it; the package test has it).
if ! out=$(systemd-analyze verify --man=no "$work/l2tpd.service" 2>&1) || [ -n "$out" ]; then
  echo "FAIL: systemd-analyze verify:"
  echo "$out"
  exit 1
fi
echo "systemd-analyze verify: the unit is clean"
