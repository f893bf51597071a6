#!/usr/bin/env bash
# l2tpd --log journal: log lines reach the systemd journal as native journal entries with
# their priority, and a tunnel's and a session's lines carry TUNNEL_ID, SESSION_ID and PEER
# (a second l2tpd, logging to the console, opens a tunnel to it and places a call). A private
# mount and network namespace gets a stand-in journal socket (/run/systemd/journal/socket, a
# Unix datagram socket) whose datagrams are read back.
set -euo pipefail
l2tpd=$1
# shellcheck source=skip.sh
source "$(dirname "$0")/skip.sh"
if [ "$(id -u)" -ne 0 ] || ! unshare -mn true 2>/dev/null; then
  skip_test "needs root and namespaces"
fi
work=$(mktemp -d /tmp/l2tpd-journal.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; cat "$work/entries" "$work/stdout" 2>/dev/null | head -40; exit 1; }

# Inside the private namespaces, a script of its own (given the wait helper): what it starts
# there is ended when it exits, pass or fail.
# shellcheck disable=SC2016 # expanded by the inner bash
unshare -mn bash -c '
  set -euo pipefail
  l2tpd=$1 work=$2
  source "$3"
  stop_all() {
    local running
    running=$(jobs -p)
    [ -z "$running" ] || kill $running 2>/dev/null || true
    wait || true
  }
  trap stop_all EXIT
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
  wait_until 20 test -S /run/systemd/journal/socket
  "$l2tpd" --log journal --control-socket "$work/ctl.sock" > "$work/stdout" 2>&1 &
  daemon=$!
  wait_until 20 grep -q "listening on 127.0.0.1:1701" "$work/entries"
  printf "%s\n" "listen: [\"127.0.0.2:1701\"]" "ip_encapsulation: false" "dataplane: null" \
    "control_socket: $work/lac.sock" "profiles: {lac: {version: 2}}" \
    "peers: [{name: lns, address: \"127.0.0.1\", profile: lac, connect: true}]" > "$work/lac.yaml"
  "$l2tpd" -c "$work/lac.yaml" --log console > "$work/lac.log" 2>&1 &
  lac=$!
  l2tpctl="$(dirname "$l2tpd")/../ctl/l2tpctl"
  established() { "$l2tpctl" --socket "$work/lac.sock" --json show tunnels | grep -q established; }
  wait_until 20 established
  tunnel=$("$l2tpctl" --socket "$work/lac.sock" --json show tunnels | grep -o "\"tunnel_id\": [0-9]*" | grep -o "[0-9]*$")
  "$l2tpctl" --socket "$work/lac.sock" session add "$tunnel" > /dev/null
  wait_until 20 grep -q "SESSION_ID=" "$work/entries"
  kill -TERM "$lac"; wait "$lac" || true
  kill -TERM "$daemon"; wait "$daemon" || true
  kill "$collector" 2>/dev/null || true
' _ "$l2tpd" "$work" "$(cd "$(dirname "$0")" && pwd)/../lib/wait.sh" ||
  fail "the daemons in the private namespaces did not get through (above: why)"
grep -q "MESSAGE=listening on 127.0.0.1:1701 (UDP)" "$work/entries" ||
  fail "no journal entry for the UDP listener"
grep -q "PRIORITY=6" "$work/entries" || fail "info lines lack journal priority 6"
grep -q "SYSLOG_IDENTIFIER=l2tpd" "$work/entries" || fail "entries lack the identifier"
[ ! -s "$work/stdout" ] || fail "with --log journal, lines still went to the console"
python3 - "$work/entries" <<'PY' || fail "tunnel and session entries lack their fields"
import re, sys
entries = open(sys.argv[1], "rb").read().decode(errors="replace").split("\n--\n")
def fields(e):
    return dict(line.split("=", 1) for line in e.split("\n") if "=" in line)
tunnel = [fields(e) for e in entries if re.search(r"MESSAGE=tunnel \d+: established with", e)]
session = [fields(e) for e in entries if re.search(r"MESSAGE=tunnel \d+ session \d+: established", e)]
assert tunnel and session, "no tunnel or session entries"
t, s = tunnel[0], session[0]
assert t["MESSAGE"].startswith("tunnel " + t["TUNNEL_ID"] + ":"), t
assert t["PEER"] == "127.0.0.2:1701", t
assert "SESSION_ID" not in t, t
assert s["MESSAGE"].startswith("tunnel %s session %s:" % (s["TUNNEL_ID"], s["SESSION_ID"])), s
assert s["PEER"] == "127.0.0.2:1701", s
PY
echo "journal: entries with message, priority and identifier; TUNNEL_ID, SESSION_ID, PEER"
