#!/usr/bin/env bash
# The man pages made from docs/man/*.scd render without a warning (man --warnings: groff's
# own checks) and say what their names promise.
# Usage: man_lint.sh BUILD_DIR/docs
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../netns/skip.sh
source "$here/../netns/skip.sh"
command -v man >/dev/null || skip_test "needs man (package man-db)"
failed=0
for page in l2tpd.8 l2tpctl.8 l2tpd.yaml.5; do
  file=$1/$page
  [ -s "$file" ] || { echo "FAIL: $page was not made"; failed=1; continue; }
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$file" 2>&1 >/dev/null)
  if [ -n "$warnings" ]; then
    echo "FAIL: $page:"
    echo "$warnings"
    failed=1
  fi
  name=${page%.*}
  LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$file" 2>/dev/null | grep -q "^NAME" ||
    { echo "FAIL: $page has no NAME section"; failed=1; }
  LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$file" 2>/dev/null | grep -q "$name -" ||
    { echo "FAIL: $page does not name $name"; failed=1; }
done
[ "$failed" -eq 0 ] && echo "man pages: no warning"
exit "$failed"
