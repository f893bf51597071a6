#!/usr/bin/env bash
# A LAC's LNS list (docs/configuration.md, "LNS lists"): three l2tpd LNSs in one namespace
# (192.0.2.2 and .3 at preference 1, .4 at preference 2), the l2tpd LAC in the other, L2TPv3
# with six Ethernet pseudowires placed by the LAC and two calls placed by peer (`l2tpctl call
# add`), null dataplane:
#   - the two LNSs of preference 1 get a tunnel each and carry three pseudowires and one call
#     each; the third is not dialled (`l2tpctl show peers`: standby);
#   - SIGKILL of .2: the LAC finds its tunnel dead (a hello every second, retransmissions from
#     0.25 s), sets .2 aside, and the eight come up on .3; the time from the kill to .3 having
#     all eight established (their ICCNs taken) is printed; the moved call was placed twice;
#   - SIGKILL of .3 as well: .4 is dialled and carries the eight;
#   - .2 started again: dialled once its set_aside (5 s) has passed, and up; the eight stay on
#     .4 (calls up are not moved back);
#   - `l2tpctl call delete`: the call is cleared at .4 and not placed again.
# Everything created here is removed on exit, pass or fail.
set -euo pipefail
l2tpd=$1
l2tpctl=$2
needs=(python3)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

ip -n "$ns_b" addr add 192.0.2.3/24 dev "$veth_b"
ip -n "$ns_b" addr add 192.0.2.4/24 dev "$veth_b"

# start_lns N: the LNS on 192.0.2.N, its PID in lns_pid[N] once it answers.
declare -A lns_pid
start_lns() {
  cat >"$work/lns$1.yaml" <<YAML
listen: ["192.0.2.$1"]
control_socket: $work/lns$1.sock
profiles:
  v3: {version: 3, host_name: lns$1, router_id: 192.0.2.$1, hello_interval: 1}
accept: {l2tpv3: v3}
YAML
  start "$ns_b" "$work/lns$1.log" "$l2tpd" -c "$work/lns$1.yaml"
  lns_pid[$1]=$started
  wait_until 30 test -S "$work/lns$1.sock" # LNS .$1's management socket
}
for n in 2 3 4; do start_lns "$n"; done

{
  cat <<YAML
listen: ["192.0.2.1"]
control_socket: $work/lac.sock
profiles:
  v3: {version: 3, host_name: lac, router_id: 192.0.2.1, hello_interval: 1,
       retransmit_initial: 0.25, retries: 3}
peers:
  - name: farm
    profile: v3
    connect: true
    set_aside: 5
    lns:
      - {address: 192.0.2.2, preference: 1}
      - {address: 192.0.2.3, preference: 1}
      - {address: 192.0.2.4, preference: 2}
pseudowires:
YAML
  for n in 1 2 3 4 5 6; do echo "  - {name: pw$n, peer: farm, interface: pw$n}"; done
} >"$work/lac.yaml"
"$l2tpd" --check-config "$work/lac.yaml" >/dev/null
start "$ns_a" "$work/lac.log" "$l2tpd" -c "$work/lac.yaml"

# states: each LNS's state at the LAC, in the list's order ("up up standby").
states() { ctl_lac show peers | json "' '.join(p['state'] for p in d['peers'])"; }
states_are() { [ "$(states)" = "$1" ]; }
# share: the pseudowires and calls up per LNS ("192.0.2.2=4 192.0.2.3=4"), from the LAC's
# view.
share() {
  python3 - "$(ctl_lac show peers)" "$(ctl_lac show pseudowires)" "$(ctl_lac show calls)" <<'PY'
import json, sys
peers = json.loads(sys.argv[1])["peers"]
tunnels = {p["tunnel_id"]: p["address"].split(":")[0] for p in peers if p["tunnel_id"] is not None}
count = {}
for pw in json.loads(sys.argv[2])["pseudowires"] + json.loads(sys.argv[3])["calls"]:
    if pw["state"] == "up":
        lns = tunnels.get(pw["tunnel_id"], "?")
        count[lns] = count.get(lns, 0) + 1
print(" ".join(f"{lns}={n}" for lns, n in sorted(count.items())))
PY
}
share_is() { [ "$(share)" = "$1" ]; }

wait_until 30 share_is "192.0.2.2=3 192.0.2.3=3" # the six pseudowires shared by .2 and .3
for n in 1 2; do
  ctl_lac call add farm --pseudowire ethernet --calling-number "subscriber-$n" >/dev/null
done
wait_until 30 share_is "192.0.2.2=4 192.0.2.3=4" # and the two calls, one each
states_are "up up standby" || fail "the LNSs' states at the LAC: $(states)"
echo "preference 1: .2 and .3 carry three pseudowires and one call each, .4 not dialled"

# lns_established N COUNT: LNS .N has COUNT sessions established, as it sees them: it has
# taken each call's ICCN, the LAC's last message of the set-up.
lns_established() {
  ip netns exec "$ns_b" "$l2tpctl" --socket "$work/lns$1.sock" --json show sessions |
    json "sum(s['state'] == 'established' for s in d['sessions'])" | grep -qx "$2"
}
killed_at=$EPOCHREALTIME
kill -KILL "${lns_pid[2]}"
wait_until 30 lns_established 3 8 # .2's pseudowire and call established on .3, as .3 sees them
failover=$(python3 -c "print(f'{$EPOCHREALTIME - $killed_at:.1f}')")
wait_until 10 share_is "192.0.2.3=8" # and up at the LAC
states_are "set aside up standby" || fail "after .2's death: $(states)"
ctl_lac show peers | json "d['peers'][0]['last_failure']" | grep -q "peer unreachable" ||
  fail ".2's failure: $(ctl_lac show peers)"
ctl_lac show calls | json "sorted(c['placed'] for c in d['calls'])" | grep -qx "\[1, 2\]" ||
  fail "the calls' placings: $(ctl_lac show calls)"
echo "SIGKILL of .2: set aside, its pseudowires and call established on .3 ${failover} s after the kill"

kill -KILL "${lns_pid[3]}"
wait_until 30 share_is "192.0.2.4=8" # every pseudowire and call on the fallback
echo "SIGKILL of .3 too: .4 dialled, carries the eight"

start_lns 2
wait_until 30 states_are "up set aside up" # .2 dialled again after its set_aside
share_is "192.0.2.4=8" || fail "the pseudowires moved: $(share)"
echo ".2 back: dialled again once set aside no longer, the calls up stay on .4"

ctl_lac call delete 1 >/dev/null
wait_until 10 lns_established 4 7 # its CDN taken at .4
ctl_lac show calls | json "[c['call_id'] for c in d['calls']]" | grep -qx "\[2\]" ||
  fail "the calls after call delete 1: $(ctl_lac show calls)"
echo "call delete: cleared at .4, not placed again"
