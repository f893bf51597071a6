#!/usr/bin/env python3
"""Checks that l2tpctl's PPP sessions are what the kernel has.

Usage: ppp_agrees.py L2TPCTL_SESSIONS L2TPCTL_TUNNELS NETNS [EXPECTED_UP]
Every session l2tpctl shows as PPP with ppp_state "up" must be in the kernel (`ip -j l2tp show
session`) with the same IDs and peer session ID, and (L2TPv2: the only ones the kernel lists
there) in /proc/net/pppol2tp connected to the interface l2tpctl names; the kernel must have no PPP session l2tpctl does not list. With
EXPECTED_UP, exactly that many sessions must be up.
"""
import json
import re
import subprocess
import sys


def run(netns, *cmd):
    return subprocess.run(["ip", "netns", "exec", netns, *cmd], check=True,
                          capture_output=True, text=True).stdout


def pppol2tp(netns):
    """(tunnel, session) -> interface, from /proc/net/pppol2tp."""
    out = {}
    current = None
    for line in run(netns, "cat", "/proc/net/pppol2tp").splitlines():
        m = re.search(r"SESSION .* ([0-9A-Fa-f]+)/([0-9A-Fa-f]+) -> ([0-9A-Fa-f]+)/([0-9A-Fa-f]+)",
                      line)
        if m:
            current = (int(m.group(1), 16), int(m.group(2), 16))
            out[current] = None
            continue
        m = re.match(r"\s+interface (\S+)", line)
        if m and current is not None:
            out[current] = m.group(1)
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        ours = [s for s in json.load(f)["sessions"] if s["pseudowire"] == "ppp"]
    netns = sys.argv[3]
    expected_up = int(sys.argv[4]) if len(sys.argv) > 4 else None
    text = run(netns, "ip", "-j", "l2tp", "show", "session").strip()
    kernel = {(s["tunnel_id"], s["session_id"]): s for s in (json.loads(text) if text else [])}
    proc = pppol2tp(netns)
    with open(sys.argv[2], encoding="utf-8") as f:
        v2_tunnels = {t["tunnel_id"] for t in json.load(f)["tunnels"] if t["version"] == 2}
    faults = []
    up = [s for s in ours if s.get("ppp_state") == "up"]
    for s in up:
        key = (s["tunnel_id"], s["session_id"])
        k = kernel.get(key)
        if k is None:
            faults.append(f"session {key}: up in l2tpctl, not in the kernel")
            continue
        if k["peer_session_id"] != s["peer_session_id"]:
            faults.append(f"session {key}: peer session {k['peer_session_id']} in the kernel, "
                          f"{s['peer_session_id']} in l2tpctl")
        # /proc/net/pppol2tp lists L2TPv2 tunnels only.
        if s["tunnel_id"] in v2_tunnels and proc.get(key) != s["interface"]:
            faults.append(f"session {key}: /proc/net/pppol2tp says interface {proc.get(key)}, "
                          f"l2tpctl {s['interface']}")
    listed = {(s["tunnel_id"], s["session_id"]) for s in ours}
    for key in kernel:
        if key not in listed:
            faults.append(f"session {key}: in the kernel, not in l2tpctl")
    if expected_up is not None and len(up) != expected_up:
        faults.append(f"{len(up)} PPP sessions up in l2tpctl, {expected_up} expected")
    for fault in faults:
        print(fault)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
