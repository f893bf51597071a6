#!/usr/bin/env python3
"""Checks that what l2tpctl says of its tunnels and sessions is what the kernel has.

Usage: datapath_agrees.py L2TPCTL_TUNNELS L2TPCTL_SESSIONS NETNS [FOREIGN_TUNNEL_ID...]
(the JSON of `l2tpctl --json show tunnels` and `... show sessions`; the kernel's view comes from
`ip -n NETNS -j l2tp show ...`). Every established Ethernet session of l2tpd must be in the
kernel with the same IDs, peer IDs, cookies and interface, in a tunnel with the same IDs, peer
ID and encapsulation; the kernel must have nothing that l2tpd does not list but the foreign
tunnels named (made with ip l2tp, not l2tpd's) and their sessions.

iproute2 6.1 carries a cookie over from one session of its dump to the next when the next has
none (and a query by IDs is a filtered dump with the same fault), so a cookie the kernel shows
for a session that l2tpctl says has none is not held against it: cookies are compared where
l2tpctl has one. (tests/kernel reads them back through netlink directly.)
"""
import json
import subprocess
import sys


def ip(netns, *args):
    out = subprocess.run(["ip", "-n", netns, "-j", "l2tp", "show", *args], check=True,
                         capture_output=True, text=True).stdout.strip()
    return json.loads(out) if out else []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    ours_t = load(sys.argv[1])["tunnels"]
    ours_s = load(sys.argv[2])["sessions"]
    netns = sys.argv[3]
    foreign = {int(t) for t in sys.argv[4:]}
    kernel_t = {t["tunnel_id"]: t for t in ip(netns, "tunnel") if t["tunnel_id"] not in foreign}
    kernel_s = {(s["tunnel_id"], s["session_id"]): s for s in ip(netns, "session")
                if s["tunnel_id"] not in foreign}
    faults = []
    established = {t["tunnel_id"]: t for t in ours_t if t["state"] == "established"}
    for tid, t in established.items():
        k = kernel_t.get(tid)
        if k is None:
            faults.append(f"tunnel {tid}: not in the kernel")
            continue
        if k["peer_tunnel"] != t["peer_tunnel_id"]:
            faults.append(f"tunnel {tid}: peer tunnel {k['peer_tunnel']} in the kernel, "
                          f"{t['peer_tunnel_id']} in l2tpctl")
        if k["encap"].lower() != t["encapsulation"]:
            faults.append(f"tunnel {tid}: encap {k['encap']} vs {t['encapsulation']}")
    for tid in kernel_t:
        if tid not in established:
            faults.append(f"tunnel {tid}: in the kernel, not established in l2tpctl")
    wanted = 0
    for s in ours_s:
        if s["state"] != "established" or s["pseudowire"] == "ppp":
            continue
        wanted += 1
        key = (s["tunnel_id"], s["session_id"])
        k = kernel_s.get(key)
        if k is None:
            faults.append(f"session {key}: not in the kernel")
            continue
        for ours, theirs in (("peer_session_id", "peer_session_id"), ("interface", "interface"),
                             ("cookie", "cookie"), ("peer_cookie", "peer_cookie")):
            a = s.get(ours, "")
            b = k.get(theirs, "")
            if a != b and (a or ours not in ("cookie", "peer_cookie")):
                faults.append(f"session {key}: {ours} {a!r} in l2tpctl, {b!r} in the kernel")
    if len(kernel_s) != wanted:
        faults.append(f"{len(kernel_s)} sessions in the kernel, {wanted} established in l2tpctl")
    for f in faults:
        print("FAULT:", f)
    print(f"{len(established)} tunnels, {wanted} sessions compared")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
