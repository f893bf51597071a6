#!/usr/bin/env bash
# An LNS farm sharing FreeRADIUS and its address pool in PostgreSQL (docs/scale.md): three
# l2tpd LNSs, each in a namespace of its own and a RADIUS client of its own (NAS-IP-Address
# 198.51.100.1 to .3), all authenticating PAP subscribers against one FreeRADIUS whose
# sqlippool hands out 10.88.0.1-100 from PostgreSQL's radippool (tests/vm/guest/freeradius.sh);
# one l2tpd LAC with the list .2 and .3 at preference 1 and .4 at preference 2, placing 40
# subscriber calls by peer (`l2tpctl call add`), each with its pppd:
#   - the 40 are shared between .2 and .3, neither carrying more than 24 (60 %); .4 is not
#     dialled and carries none; the 40 addresses at the LAC are distinct and are exactly the
#     pool's leases, those of each box under its NAS-IP-Address, as many as it carries;
#   - kill -9 of .2: its subscribers are up again on .3 (the time from the kill until all 40
#     have their address at the LAC is printed), with 40 distinct addresses leased to .3, and
#     .2's leases stale in the pool (no Stop was sent) and none of them handed out again;
#   - .2 started again: its Accounting-On frees its stale leases; the calls stay on .3;
#   - 36 calls deleted, then kill -9 of .2 and .3: the 4 left come up on .4, with addresses
#     from the pool leased to .4.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
# shellcheck source=../freeradius.sh
source "${BASH_SOURCE[0]%/*}/../freeradius.sh"
daemon_test
ppp_scripts_aside
calls=40

# --- the LAC's namespace with a bridge, an LNS namespace on it for each of .2 .3 .4 ---------
ns_lac=l2a-$$
declare -A ns_lns=([2]=l2n2-$$ [3]=l2n3-$$ [4]=l2n4-$$)
made_ns+=("$ns_lac" "${ns_lns[@]}")
{
  echo "netns add $ns_lac"
  for n in 2 3 4; do
    echo "netns add ${ns_lns[$n]}"
    echo "link add lac$n netns $ns_lac type veth peer name eth0 netns ${ns_lns[$n]}"
  done
} | ip -batch - || fail "cannot create the namespaces"
{
  echo "link set lo up"
  echo "link add farm type bridge"
  echo "link set farm up"
  echo "addr add 192.0.2.1/24 dev farm"
  for n in 2 3 4; do
    echo "link set lac$n master farm"
    echo "link set lac$n up"
  done
} | ip -n "$ns_lac" -batch - || fail "cannot configure the LAC's namespace"
for n in 2 3 4; do
  ip -n "${ns_lns[$n]}" -batch - <<EOT || fail "cannot configure LNS .$n's namespace"
link set lo up
link set eth0 up
addr add 192.0.2.$n/24 dev eth0
EOT
done

# --- FreeRADIUS with sqlippool: LNS .N is its client 198.51.100.(N-1) -------------------------
freeradius_pool_behind 10.88.0.1 100 "${ns_lns[2]}" "${ns_lns[3]}" "${ns_lns[4]}" <<'EOT'
subscriber	Cleartext-Password := "subscriber-pass"
EOT
nas_of() { echo "198.51.100.$(($1 - 1))"; }

# --- the LNSs and the LAC -------------------------------------------------------------------
pppd_log=$logs/53_farm_pppd.log
printf 'nodefaultroute\nnoccp\nnovj\nlogfile %s\nauth\nrequire-pap\n10.77.0.1:\n' "$pppd_log" \
  >"$work/lns.options"
printf 'nodefaultroute\nnoccp\nnovj\nlogfile %s\nnoauth\nuser subscriber\npassword subscriber-pass\n' \
  "$pppd_log" >"$work/lac.options"
declare -A lns_pid
# start_lns N: LNS .N, its PID in lns_pid[N], once it answers l2tpctl.
start_lns() {
  local dir=$work/lns$1
  mkdir -p "$dir"
  printf 'radius: vm-radius-secret\n' >"$dir/secrets.yaml"
  chmod 600 "$dir/secrets.yaml"
  cat >"$dir/l2tpd.yaml" <<EOT
listen: ["192.0.2.$1"]
dataplane: kernel
control_socket: $dir/l2tpd.sock
secrets_file: secrets.yaml
max_calls_setting_up: 4
radius:
  servers: [{address: 198.51.100.254, secret_ref: radius}]
  timeout: 10
  retries: 2
  nas_identifier: lns$1
  nas_ip_address: $(nas_of "$1")
ppp: {options_file: $work/lns.options, name: lns}
profiles:
  lns: {version: 2, secret: farm-secret, host_name: lns$1, hello_interval: 1, ppp: {radius: true}}
accept: {l2tpv2: lns}
EOT
  start "${ns_lns[$1]}" "$l2tpd" -c "$dir/l2tpd.yaml" --log console \
    >>"$logs/53_farm_l2tpd_lns$1.log" 2>&1
  lns_pid[$1]=$started
  wait_until 20 lns "$1" stats # LNS .$1's management socket answers
}
lns() {
  local n=$1
  shift
  ip netns exec "${ns_lns[$n]}" "$l2tpctl" --socket "$work/lns$n/l2tpd.sock" "$@"
}
lac() { ip netns exec "$ns_lac" "$l2tpctl" --socket "$work/lac.sock" "$@"; }
cat >"$work/lac.yaml" <<EOT
listen: ["192.0.2.1"]
dataplane: kernel
control_socket: $work/lac.sock
ppp: {options_file: $work/lac.options}
profiles:
  lac: {version: 2, secret: farm-secret, host_name: lac, hello_interval: 1,
        retransmit_initial: 0.25, retries: 3}
peers:
  - name: farm
    profile: lac
    connect: true
    set_aside: 5
    lns:
      - {address: 192.0.2.2, preference: 1}
      - {address: 192.0.2.3, preference: 1}
      - {address: 192.0.2.4, preference: 2}
EOT
for n in 2 3 4; do start_lns "$n"; done
start "$ns_lac" "$l2tpd" -c "$work/lac.yaml" --log console >>"$logs/53_farm_l2tpd_lac.log" 2>&1
wait_until 20 lac stats # the LAC's management socket answers

# --- what the test reads ---------------------------------------------------------------------
# lac_addresses: the addresses of the LAC's PPP links that are up, one a line, sorted.
lac_addresses() {
  ip -n "$ns_lac" -4 -o addr show up | awk '$5 == "peer" && $6 == "10.77.0.1/32" {print $4}' | sort
}
lac_has() { [ "$(lac_addresses | sort -u | wc -l)" -eq "$1" ]; }
# carried N: LNS .N's sessions whose Start went to FreeRADIUS with their address (no python:
# polled, and a python start costs a second under emulation).
carried() { lns "$1" --json show sessions | grep -c '"framed_address"' || true; }
carries() { [ "$(carried "$1")" -eq "$2" ]; }
# leases_of N: the pool's leased addresses under LNS .N's NAS-IP-Address, one a line, sorted.
leases_of() { pool_leases | awk -v nas="$(nas_of "$1")" '$2 == nas {print $1}' | sort; }
# lns_state N: LNS .N's state at the LAC (show peers).
lns_state() {
  lac --json show peers | python3 -c "
import json, sys
print(next(p['state'] for p in json.load(sys.stdin)['peers'] if p['address'] == '192.0.2.$1:1701'))"
}
state_is() { [ "$(lns_state "$1")" = "$2" ]; }
# same_sets A B: the two lists (files) hold the same addresses.
same_sets() { [ "$(sort "$1")" = "$(sort "$2")" ]; }

# --- 40 calls over .2 and .3 ----------------------------------------------------------------
wait_until 30 state_is 2 up # the LAC's tunnel to .2
wait_until 30 state_is 3 up # and to .3
state_is 4 standby || fail ".4 at the LAC: $(lns_state 4), not standby"
for ((i = 1; i <= calls; i++)); do
  lac call add farm --calling-number "5550$i" >/dev/null
done
wait_until 300 lac_has "$calls" # every subscriber's link up at the LAC with its address
c2=$(carried 2)
c3=$(carried 3)
[ $((c2 + c3)) -eq "$calls" ] || fail ".2 carries $c2 and .3 $c3, not $calls in all"
((c2 * 100 <= calls * 60 && c3 * 100 <= calls * 60)) || fail "not shared: .2 carries $c2, .3 $c3"
[ "$(carried 4)" -eq 0 ] || fail ".4 carries calls with .2 and .3 up"
lac_addresses >"$work/addresses"
[ "$(sort -u "$work/addresses" | wc -l)" -eq "$calls" ] || fail "addresses given twice: $(cat "$work/addresses")"
pool_leases | awk '{print $1}' >"$work/leased"
same_sets "$work/addresses" "$work/leased" || fail "the LAC's addresses are not the pool's leases"
if [ "$(leases_of 2 | wc -l)" -ne "$c2" ] || [ "$(leases_of 3 | wc -l)" -ne "$c3" ]; then
  fail "leases per box: $(pool_leases)"
fi
echo "$calls calls: .2 carries $c2, .3 carries $c3, .4 none; $calls distinct addresses, each leased in radippool to the box that carries it ($(pool_leases | wc -l) leases)"

# --- kill -9 of .2: its subscribers up again on .3 ------------------------------------------
leases_of 2 >"$work/stale"
killed_at=$EPOCHREALTIME
kill -KILL "${lns_pid[2]}"
# .2's subscribers authenticated again on .3, and up at the LAC
(wait_until 60 carries 3 "$calls") || fail "after the kill: $(carried 3) on .3: $(lns 3 show sessions)"
wait_until 30 lac_has "$calls"
failover=$(python3 -c "print(f'{$EPOCHREALTIME - $killed_at:.1f}')")
lac_addresses >"$work/addresses"
leases_of 3 >"$work/leased"
same_sets "$work/addresses" "$work/leased" || fail "after the kill, the LAC's addresses are not .3's leases"
[ "$(leases_of 2 | wc -l)" -eq "$(wc -l <"$work/stale")" ] || fail ".2's stale leases: $(leases_of 2)"
if comm -12 "$work/stale" <(sort "$work/addresses") | has .; then
  fail "an address of .2's stale leases was handed out again"
fi
lac --json show calls | python3 -c "
import json, sys
calls = json.load(sys.stdin)['calls']
# .2's calls placed again (more than once if its pppd hung up before the tunnel was found dead)
sys.exit(sum(c['placed'] >= 2 for c in calls) != $c2 or sum(c['placed'] == 1 for c in calls) != $c3)
" || fail "the moved calls: $(lac show calls)"
lac --json show peers | has '"last_failure": "tunnel closed: peer unreachable"' ||
  fail ".2's failure at the LAC: $(lac show peers)"
echo "kill -9 of .2: its $c2 subscribers up on .3 ${failover} s after the kill, $calls distinct addresses; .2's $(wc -l <"$work/stale") leases stale in the pool, none handed out again ($(pool_leases | wc -l) leases)"

# --- .2 started again: Accounting-On frees its leases ---------------------------------------
start_lns 2
no_leases_of_2() { ! leases_of 2 | has .; }
wait_until 30 no_leases_of_2 # .2's Accounting-On cleared its leases
wait_until 30 state_is 2 up  # dialled again after its set_aside
[ "$(carried 3)" -eq "$calls" ] || fail "the calls moved when .2 came back"
echo ".2 restarted: its Accounting-On freed its stale leases ($(pool_leases | wc -l) leases); the $calls calls stay on .3"

# --- the fallback: only when both are down ----------------------------------------------------
for ((i = 1; i <= calls - 4; i++)); do lac call delete "$i" >/dev/null; done
wait_until 60 lac_has 4 # the LAC's links of the deleted calls gone
kill -KILL "${lns_pid[2]}" "${lns_pid[3]}"
wait_until 60 carries 4 4 # the 4 left, authenticated on .4
wait_until 30 lac_has 4   # and up at the LAC
lac_addresses >"$work/addresses"
leases_of 4 >"$work/leased"
same_sets "$work/addresses" "$work/leased" || fail "on .4, the LAC's addresses are not .4's leases"
echo "kill -9 of .2 and .3: .4 (preference 2) dialled, the 4 calls left up on it with addresses leased to it"
