#!/usr/bin/env python3
"""Pings across every PPP link between two l2tpd: from each of A's sessions that is up, to the
IPv6 link-local address of B's end of the same session (B's session is A's peer session), out
of A's interface for it. All pings run at once; prints the links that did not answer.

Usage: ppp_ping6.py A_SESSIONS_JSON NETNS_A B_SESSIONS_JSON NETNS_B
(the JSON of `l2tpctl --json show sessions` on each side)
"""
import json
import subprocess
import sys


def up_sessions(path):
    with open(path, encoding="utf-8") as f:
        return [s for s in json.load(f)["sessions"] if s.get("ppp_state") == "up"]


def link_local(netns, ifname):
    out = subprocess.run(["ip", "-n", netns, "-j", "-6", "addr", "show", "dev", ifname],
                         check=True, capture_output=True, text=True).stdout
    for link in json.loads(out):
        for a in link.get("addr_info", []):
            if a.get("scope") == "link":
                return a["local"]
    return None


def main():
    a, ns_a, b, ns_b = sys.argv[1:5]
    b_by_session = {s["session_id"]: s for s in up_sessions(b)}
    pings = []
    faults = []
    for s in up_sessions(a):
        peer = b_by_session.get(s["peer_session_id"])
        if peer is None:
            faults.append(f"A's session {s['session_id']}: B's end is not up")
            continue
        address = link_local(ns_b, peer["interface"])
        if address is None:
            faults.append(f"B's {peer['interface']}: no IPv6 link-local address")
            continue
        target = f"{address}%{s['interface']}"
        pings.append((target, subprocess.Popen(
            ["ip", "netns", "exec", ns_a, "ping", "-6", "-c", "2", "-i", "0.3", "-W", "5", "-q",
             target], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    for target, p in pings:
        if p.wait() != 0:
            faults.append(f"no reply from {target}")
    for fault in faults:
        print(fault)
    print(f"{len(pings) - sum(1 for f in faults if f.startswith('no reply'))} links answered",
          file=sys.stderr)
    return 1 if faults or not pings else 0


if __name__ == "__main__":
    sys.exit(main())
