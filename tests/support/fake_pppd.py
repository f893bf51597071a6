#!/usr/bin/python3
# Stands in for pppd in the supervisor's unit tests: checks what it was handed (the channel as
# descriptor 3 and nothing else), reports READY=1 on NOTIFY_SOCKET as pppd's up_sdnotify does,
# then behaves as its first extra argument says:
#   run        wait for SIGTERM, exit 5 (pppd's "stopped by a signal")
#   exit:N     exit with status N at once
#   silent     never report READY=1, wait for SIGTERM
#   stubborn   report READY=1, ignore SIGTERM
# It writes what it saw to $FAKE_PPPD_LOG (one line per run) when that is set by the test
# through the `set` arguments pppd would pass to its scripts.
import os
import signal
import socket
import sys
import time

argv = sys.argv[1:]
mode = argv[-1]
fds = sorted(int(f) for f in os.listdir("/proc/self/fd"))
report = {"fds": fds, "argv": argv}

log = None
for i, a in enumerate(argv):
    if a == "set" and argv[i + 1].startswith("FAKE_PPPD_LOG="):
        log = argv[i + 1].split("=", 1)[1]
if log:
    with open(log, "a") as f:
        f.write(repr(report) + "\n")

if mode.startswith("exit:"):
    sys.exit(int(mode.split(":")[1]))

if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(5))

if mode != "silent":
    address = os.environ["NOTIFY_SOCKET"]
    if address.startswith("@"):
        address = "\0" + address[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.sendto(b"READY=1", address)
    except OSError as e:
        if log:
            with open(log, "a") as f:
                f.write(f"sendto {address!r}: {e}\n")
        sys.exit(1)

while True:
    time.sleep(60)
