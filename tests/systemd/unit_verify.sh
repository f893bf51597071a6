#!/usr/bin/env bash
# The unit this build installs (BUILD_DIR/systemd/l2tpd.service, made from
# systemd/l2tpd.service.in), or UNIT, passes `systemd-analyze verify` without a word about it:
# a copy whose commands point at the build tree's l2tpd (the installed one need not exist here).
# Only our unit is judged. verify also loads the units ours reaches (network-online.target,
# multi-user.target and whatever the host's packages hang there) and reports their faults, e.g.
# FreeRADIUS's "freeradius.service:23: Unit uses MemoryLimit=": --recursive-errors=no keeps
# those out of the exit status, and of the output only lines naming our unit count. systemd
# names the unit in every message about it ("FILE:LINE: ..." for a setting, "l2tpd.service: ..."
# for the unit), whatever the wording of its release.
# Usage: unit_verify.sh BUILD_DIR [UNIT]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"
command -v systemd-analyze >/dev/null || skip_test "needs systemd-analyze (package systemd)"
build=$(cd "$1" && pwd -P)
unit=${2:-$build/systemd/l2tpd.service}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed "s|=[^ ]*/l2tpd |=$build/src/daemon/l2tpd |" "$unit" >"$work/l2tpd.service"
grep -q "^ExecStart=$build/src/daemon/l2tpd " "$work/l2tpd.service" ||
  { echo "FAIL: no ExecStart running l2tpd in the unit"; exit 1; }
# --man=no: the page is not installed here (docs_man_lint checks it; the package test has it).
status=0
out=$(systemd-analyze verify --man=no --recursive-errors=no "$work/l2tpd.service" 2>&1) ||
  status=$?
# Ours: the copy's path or the unit's name, not as the tail of another name (xl2tpd.service).
ours=$(grep -E '(^|[^[:alnum:]_.@-])l2tpd\.service([^[:alnum:]_.@-]|$)' <<<"$out" || true)
others=$(grep -v -E '(^|[^[:alnum:]_.@-])l2tpd\.service([^[:alnum:]_.@-]|$)' <<<"$out" || true)
if [ -n "$others" ]; then
  echo "not judged (about other units):"
  echo "$others"
fi
if [ "$status" -ne 0 ] || [ -n "$ours" ]; then
  echo "FAIL: systemd-analyze verify (exit status $status):"
  echo "$ours"
  exit 1
fi
echo "systemd-analyze verify: the unit is clean"
