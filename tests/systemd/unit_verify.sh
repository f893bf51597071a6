#!/usr/bin/env bash
# systemd/l2tpd.service passes `systemd-analyze verify` without a word: a copy whose commands
# point at the build tree's l2tpd (the installed path need not exist here) is verified.
# Usage: unit_verify.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"
command -v systemd-analyze >/dev/null || skip_test "needs systemd-analyze (package systemd)"
build=$(cd "$1" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed "s|/usr/sbin/l2tpd|$build/src/daemon/l2tpd|g" "$here/../../systemd/l2tpd.service" \
  >"$work/l2tpd.service"
if ! out=$(systemd-analyze verify "$work/l2tpd.service" 2>&1) || [ -n "$out" ]; then
  echo "FAIL: systemd-analyze verify:"
  echo "$out"
  exit 1
fi
echo "systemd-analyze verify: the unit is clean"
