#!/usr/bin/env python3
"""When each pppd of a benchmark round reached each phase, from what pppd tells syslog.

  pppd_phases.py collect FILE   listens on /dev/log (the guest has no syslog daemon) and appends
                                "TIME PID MESSAGE" a line to FILE for each pppd message, TIME
                                the wall clock at receipt, until killed
  pppd_phases.py summary FILE BEGIN
                                the pppds that started at or after BEGIN (the wall clock, as
                                $EPOCHREALTIME): per side, the median and the maximum seconds
                                from BEGIN to its start and from each phase to the next

pppd logs without `debug` a few notices a session: its start, "Connect:" once the PPPoL2TP
channel is attached (LCP begins), "... authentication succeeded" (the LNS's "CHAP peer
authentication succeeded for NAME", with radius.so the Access-Accept; the LAC's "CHAP
authentication succeeded") and "local  IP address" when IPCP opens ("local  LL address" for
IPv6CP). The side is told apart by the LNS's "peer authentication", or with RADIUS (whose
radius.so verifies the peer without that notice, only the LNS loading it) "RADIUS plugin
initialized".
"""
import os
import re
import socket
import statistics
import sys
import time

LINE = re.compile(r"pppd\[(\d+)\]: (.*)")
PHASES = (
    ("start", "pppd .* started"),
    ("connect", "Connect: "),
    ("auth", "authentication succeeded"),
    ("up", "local +(IP|LL) address"),
)


def collect(path):
    try:
        os.unlink("/dev/log")
    except FileNotFoundError:
        pass
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("/dev/log")
    with open(path, "a", buffering=1) as out:
        while True:
            message = s.recv(4096).decode(errors="replace")
            m = LINE.search(message)
            if m:
                out.write(f"{time.time():.3f} {m.group(1)} {m.group(2).strip()}\n")


def summary(path, begin):
    pppds = {}  # pid: {phase: time}, "lns": whether it authenticated its peer
    with open(path) as f:
        for line in f:
            t, pid, message = line.rstrip("\n").split(" ", 2)
            pppd = pppds.setdefault(pid, {})
            for phase, pattern in PHASES:
                if phase not in pppd and re.search(pattern, message):
                    pppd[phase] = float(t)
            if "peer authentication succeeded" in message or "RADIUS plugin initialized" in message:
                pppd["lns"] = True
    round_pppds = [p for p in pppds.values() if p.get("start", 0) >= begin]
    for side, pppds_of_side in (
        ("LNS", [p for p in round_pppds if p.get("lns")]),
        ("LAC", [p for p in round_pppds if not p.get("lns")]),
    ):
        # The phases this side's pppds log: an LNS with radius.so logs no authentication.
        logged = [phase for phase, _ in PHASES if any(phase in p for p in pppds_of_side)]
        steps = [("begin", begin)] + [(phase, None) for phase in logged]
        parts = []
        for (before, fixed), (phase, _) in zip(steps, steps[1:]):
            spans = [
                p[phase] - (fixed if fixed is not None else p[before])
                for p in pppds_of_side
                if phase in p and (fixed is not None or before in p)
            ]
            if spans:
                parts.append(
                    f"{before}->{phase} {statistics.median(spans):.1f}/{max(spans):.1f} s ({len(spans)})"
                )
        print(f"  {side} pppds, median/max (count): " + ", ".join(parts))


if sys.argv[1] == "collect":
    collect(sys.argv[2])
else:
    summary(sys.argv[2], float(sys.argv[3]))
