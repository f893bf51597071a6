# shellcheck shell=bash
# The one way the shell tests wait for something, sourced by the namespace tests
# (tests/netns/lib.sh) and the in-guest VM tests (tests/vm/guest/lib.sh, which the guest reads
# from the same path through its 9p view of the host):
#
#   wait_until SECONDS COMMAND [ARG...]
#
# runs COMMAND until it exits 0, up to SECONDS × 10 times 0.1 s apart (so at least SECONDS;
# longer when COMMAND itself is slow, as everything is under emulation). Its output is
# discarded. A condition that needs a pipeline or several checks is a shell function:
#
#   tunnel_up() { ctl a --json show tunnels | has '"state": "established"'; }
#   wait_until 30 tunnel_up
#
# When COMMAND never succeeds, the test fails (through the sourcing library's `fail`, which
# may print logs) naming the caller's file and line, the command and the time waited.
# It never forks to sleep: under emulation every exec costs ≈ 50 ms.
#
#   nap SECONDS                a sleep without a fork

# A pipe open for both reading and writing never delivers EOF: read -t on it is a sleep
# without a fork.
exec {nap_fd}<> <(:)
nap() { read -rt "$1" -u "$nap_fd" || true; }

wait_until() {
  local seconds=$1 tries begin waited where
  shift
  if ! [[ $seconds =~ ^[0-9]+$ ]] || [ $# -eq 0 ]; then
    _wait_fail "usage: wait_until SECONDS COMMAND [ARG...] (got: wait_until $seconds $*)"
  fi
  begin=${EPOCHREALTIME/./}
  for ((tries = seconds * 10; tries > 0; tries--)); do
    "$@" >/dev/null 2>&1 && return 0
    nap 0.1
  done
  waited=$(((${EPOCHREALTIME/./} - begin) / 100000))
  where=${BASH_SOURCE[1]:-$0}
  _wait_fail "${where##*/}:${BASH_LINENO[0]}: timed out after ${seconds} s" \
    "($((waited / 10)).$((waited % 10)) s elapsed) waiting for: $*"
}

# The sourcing library's fail (it may print the test's logs), or a plain one.
_wait_fail() {
  if declare -F fail >/dev/null; then
    fail "$*"
  fi
  echo "FAIL: $*" >&2
  exit 1
}
