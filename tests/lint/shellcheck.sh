#!/usr/bin/env bash
# Runs shellcheck over every shell script of the tests and of CI: each *.sh under tests/ and .ci/,
# and the scripts in .ci/ that have no extension (deps, format, run, start, test). Sourced
# files are followed (the same settings as .shellcheckrc, so that a run by hand agrees):
#   tests/lint/shellcheck.sh          or, for one file:   shellcheck tests/netns/lib.sh
# A finding fails the test. Silence one only with a directive on that line that says why:
#   # shellcheck disable=SC2016 # expanded by the inner shell
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../netns/skip.sh
source tests/netns/skip.sh
command -v shellcheck >/dev/null || skip_test "needs shellcheck (bash .ci/deps installs it)"

mapfile -t files < <({
  find tests .ci -name '*.sh' -type f
  find .ci -maxdepth 1 -type f ! -name '*.*'
} | LC_ALL=C sort)
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no shell scripts found under $root"; exit 1; }
if shellcheck --external-sources --source-path=SCRIPTDIR "${files[@]}"; then
  echo "PASS: shellcheck finds nothing in ${#files[@]} scripts"
else
  echo "FAIL: shellcheck (above) in the ${#files[@]} scripts of tests/ and .ci/"
  exit 1
fi
