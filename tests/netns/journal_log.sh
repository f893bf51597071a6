#!/usr/bin/env bash
# l2tpd --log journal: log lines reach the systemd journal as native journal entries with
# their priority. A private mount and network namespace gets a stand-in journal socket
# (/run/systemd/journal/socket, a Unix datagram socket) whose datagrams are read back.
set -euo pipefail
l2tpd=$1
# shellcheck source=skip.sh
source "$(dirname "$0")/skip.sh"
if [ "$(id -u)" -ne 0 ] || ! unshare -mn true 2>/dev/null; then
  skip_test "needs root and namespaces"
fi
work=$(mktemp -d /tmp/l2tpd-journal.XXXXXX)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2016
unshare -mn bash -c '
  set -euo pipefail
  l2tpd=$1 work=$2
  ip link set lo up
  mount -t tmpfs journal-test /run
  mkdir -p /run/systemd/journal
  python3 - "$work/entries" <<PY &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/run/systemd/journal/socket")
s.settimeout(20)
with open(sys.argv[1], "wb") as out:
    while True:
        out.write(s.recv(65536) + b"\n--\n")
        out.flush()
PY
  collector=$!
  while [ ! -S /run/systemd/journal/socket ]; do sleep 0.05; done
  "$l2tpd" --log journal --control-socket "$work/ctl.sock" > "$work/stdout" 2>&1 &
  daemon=$!
  for _ in $(seq 200); do grep -q "listening on 127.0.0.1:1701" "$work/entries" 2>/dev/null && break; sleep 0.1; done
  kill -TERM "$daemon"; wait "$daemon" || true
  kill "$collector" 2>/dev/null || true
' _ "$l2tpd" "$work"

fail() { echo "FAIL: $*"; cat "$work/entries" "$work/stdout" 2>/dev/null | head -40; exit 1; }
grep -q "MESSAGE=listening on 127.0.0.1:1701 (UDP)" "$work/entries" ||
  fail "no journal entry for the UDP listener"
grep -q "PRIORITY=6" "$work/entries" || fail "info lines lack journal priority 6"
grep -q "SYSLOG_IDENTIFIER=l2tpd" "$work/entries" || fail "entries lack the identifier"
[ ! -s "$work/stdout" ] || fail "with --log journal, lines still went to the console"
echo "journal: entries with message, priority and identifier"
