#!/usr/bin/env bash
# PPP subscribers authenticated by FreeRADIUS through pppd's radius.so, from l2tpd's `radius:`
# block (docs/radius.md). l2tpd A is the LAC, l2tpd B the LNS; FreeRADIUS runs in a third
# namespace R behind B, with a users file and clients.conf of its own. B's radius block names
# two servers, the first of which never answers (no host has its address): every request fails
# over to the second. B's profile has an address pool, and FreeRADIUS's Framed-IP-Address wins.
#   - PAP, CHAP and MS-CHAPv2: each user's call comes up, the LAC's end has the user's
#     Framed-IP-Address (not one of the pool), ping across it (the CHAP and MS-CHAPv2 calls and
#     the wrong password beside the PAP call, which waits for its Interim-Update);
#   - a wrong password: the call is cleared with CDN Result 3 (RFC 2661 §4.4.2), B's log says
#     why, `l2tpctl stats` counts it (auth_failures);
#   - radius.so's files under B's runtime directory, the servers file mode 0600;
#   - l2tpd's own accounting (RFC 2866), in FreeRADIUS's detail file: the PAP call's Start,
#     Interim-Update and Stop with every attribute docs/radius.md lists, octets that grew with
#     a ping, Acct-Terminate-Cause Admin-Reset for the call the LAC cleared (CDN Result 3) and
#     for the CHAP call B's administrator cleared, NAS-Error for one whose pppd was killed; radius.so's own accounting reaches l2tpd's
#     relay only (no Async NAS-Port-Type in the file);
#   - RFC 5176 Disconnect from R (radclient as the billing system): with two calls up, a
#     Disconnect-Request naming pap-user is ACKed and ends that call on both sides (its Stop says
#     Admin-Reset) while the other still pings; one naming no session gets NAK 503, one with
#     User-Name twice NAK 404, a CoA-Request CoA-NAK 405, one with a wrong secret no answer
#     (counted by B);
#   - xl2tpd as the LAC instead of l2tpd A: a CHAP call up with its Framed-IP-Address, its
#     Start with xl2tpd's host name as Tunnel-Client-Auth-Id;
#   - B's own records (RFC 2866 §5.1): Accounting-On before any session's, and at B's clean
#     stop the Stop of xl2tpd's call (Admin-Reboot) and Accounting-Off as B's last records,
#     the On and Off with B's Acct-Session-Id, NAS-Identifier and NAS-IP-Address;
#   - IPv6 (RFC 3162 §2.3): pap-user's Framed-IPv6-Prefix routed over B's PPP interface and
#     advertised on it; A's end takes an address from it by SLAAC and pings B's loopback.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"
# shellcheck source=../freeradius.sh
source "${BASH_SOURCE[0]%/*}/../freeradius.sh"
daemon_test
ns_pair

# --- FreeRADIUS in R (198.51.100.2), reached from B (198.51.100.1) --------------------------
freeradius_behind "$ns_b" <<'EOT'
pap-user	Cleartext-Password := "pap-pass"
	Framed-IP-Address = 10.77.0.11,
	Framed-IPv6-Prefix = 2001:db8:77:1::/64,
	Class = "vm-class-1"
chap-user	Cleartext-Password := "chap-pass"
	Framed-IP-Address = 10.77.0.12,
	Class = "vm-class-2"
mschap-user	Cleartext-Password := "mschap-pass"
	Framed-IP-Address = 10.77.0.13,
	Class = "vm-class-3"
EOT

# --- l2tpd: B the LNS with RADIUS, A the LAC ---------------------------------------------
pppd_log=$logs/52_radius_pppd.log
printf 'radius-b: vm-radius-secret\ndas: vm-das-secret\n' >"$work/secrets.yaml"
chmod 600 "$work/secrets.yaml"
cat >"$work/b.yaml" <<EOT
listen: ["192.0.2.2"]
dataplane: kernel
control_socket: /run/l2tpd-b.sock
secrets_file: secrets.yaml
radius:
  servers:
    - {address: 198.51.100.9, secret_ref: radius-b}   # nobody: times out, fails over
    - {address: 198.51.100.2, secret_ref: radius-b}
  timeout: 1
  retries: 1
  nas_identifier: vm-lns
  nas_ip_address: 198.51.100.1
  interim_interval: 60
  dynamic_authorization: # RFC 5176, from FreeRADIUS's namespace
    listen: [198.51.100.1]
    clients:
      - {address: 198.51.100.2, secret_ref: das}
pools:
  clients: {ranges: [10.88.0.10-10.88.0.20], local: 10.77.0.1}
ppp: {options_file: $work/lns.options, name: lns}
profiles:
  lns: {version: 2, secret: vm-tunnel-secret, host_name: vm-lns-host, pool: clients, ppp: {radius: true}}
accept: {l2tpv2: lns}
EOT
cat >"$work/a.yaml" <<EOT
listen: ["192.0.2.1"]
dataplane: kernel
control_socket: /run/l2tpd-a.sock
ppp: {options_file: $work/lac.options}
profiles:
  lac: {version: 2, secret: vm-tunnel-secret}
peers:
  - {name: lns, address: "192.0.2.2", profile: lac, connect: true}
EOT
# call METHOD USER PASSWORD: pppd's options for the next call on each side (read at its start).
options() {
  printf 'nodefaultroute\nnoccp\nnovj\nlogfile %s\nauth\n%s\n' "$pppd_log" "$1" >"$work/lns.options"
  printf 'nodefaultroute\nnoccp\nnovj\nlogfile %s\nnoauth\nuser %s\npassword %s\n' "$pppd_log" \
    "$2" "$3" >"$work/lac.options"
}
options require-pap pap-user pap-pass
start_daemon b
start_daemon a
tunnel() {
  ctl a --json show tunnels | python3 -c '
import json, sys
print(next(t["tunnel_id"] for t in json.load(sys.stdin)["tunnels"] if t["state"] == "established"))'
}
wait_until 30 tunnel # A's tunnel to B
tunnel=$(tunnel)

files=/run/radius # beside B's control socket
[ "$(stat -c %a "$files/servers")" = 600 ] || fail "the servers file is not mode 0600"
grep -q "^authserver 198.51.100.9:1812,198.51.100.2:1812$" "$files/radiusclient.conf" ||
  fail "radiusclient.conf does not list both servers: $(cat "$files/radiusclient.conf")"

sessions() { ctl "$1" --json show sessions; }
ppp_up() { sessions b | has '"ppp_state": "up"'; }
no_sessions() { ! sessions a | has '"session_id"' && ! sessions b | has '"session_id"'; }
# B's only session: FIELD of its `show sessions` entry.
b_session() { sessions b | python3 -c "import json, sys; print(json.load(sys.stdin)['sessions'][0]['$1'])"; }
# acct ID STATUS: FreeRADIUS's detail record of Acct-Session-Id ID with Acct-Status-Type STATUS,
# as JSON (attribute names without their tag); nothing (status 1) until it is there.
acct() {
  python3 - "$work/radius-log/radacct" "$1" "$2" <<'PY'
import glob, json, re, sys
root, session, status = sys.argv[1:]
for path in sorted(glob.glob(root + "/*/detail-*")):
    for block in open(path).read().split("\n\n"):
        record = {}
        for line in block.splitlines()[1:]:
            m = re.match(r'\s*([\w-]+)(?::\d+)? = "?(.*?)"?$', line)
            if m:
                record[m.group(1)] = m.group(2)
        if record.get("Acct-Session-Id") == session and record.get("Acct-Status-Type") == status:
            print(json.dumps(record))
            sys.exit(0)
sys.exit(1)
PY
}
# nas_states: B's records in the detail file, in order, one line each: "STATUS ACCT-SESSION-ID
# NAS-IP-ADDRESS".
nas_states() {
  python3 - "$work/radius-log/radacct" <<'PY'
import glob, re, sys
for path in sorted(glob.glob(sys.argv[1] + "/*/detail-*")):
    for block in open(path).read().split("\n\n"):
        record = dict(re.findall(r'^\s*([\w-]+)(?::\d+)? = "?(.*?)"?$', block, re.M))
        if record.get("NAS-Identifier") == "vm-lns":
            print(record.get("Acct-Status-Type"), record.get("Acct-Session-Id"),
                  record.get("NAS-IP-Address"))
PY
}
accounting_on() { nas_states | has "^Accounting-On "; }
# expect_attributes RECORD NAME...: each attribute is in the record (named as FreeRADIUS's
# dictionary spells them: Tunnel-Client-Auth-Id).
expect_attributes() {
  local record=$1 name
  shift
  for name in "$@"; do
    python3 -c 'import json, sys; sys.exit(sys.argv[2] not in json.loads(sys.argv[1]))' "$record" "$name" ||
      fail "accounting: no $name in $record"
  done
}
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$1" "$2"; }
every_record=(User-Name Class Acct-Session-Id Acct-Status-Type Acct-Authentic Service-Type
  Framed-Protocol Framed-IP-Address NAS-Identifier NAS-IP-Address NAS-Port NAS-Port-Type
  Calling-Station-Id Called-Station-Id Tunnel-Type Tunnel-Medium-Type Tunnel-Client-Endpoint
  Tunnel-Server-Endpoint Acct-Tunnel-Connection Tunnel-Client-Auth-Id Tunnel-Server-Auth-Id
  Event-Timestamp Acct-Delay-Time)
usage=(Acct-Session-Time Acct-Input-Octets Acct-Output-Octets Acct-Input-Gigawords
  Acct-Output-Gigawords Acct-Input-Packets Acct-Output-Packets)
# place [OPTION...]: A's next call to B; prints its session ID on A.
place() {
  ctl a --json session add "$@" "$tunnel" | python3 -c 'import json, sys; print(json.load(sys.stdin)["session_id"])'
}
# b_user USER FIELD: FIELD of B's session whose user is USER.
b_user() {
  sessions b | python3 -c "import json, sys
print(next(s['$2'] for s in json.load(sys.stdin)['sessions'] if s.get('user_name') == '$1'))"
}
user_known() { sessions b | has "\"user_name\": \"$1\""; }
calls() { sessions "$1" | grep -c '"session_id"' || true; }
# call_up USER ADDRESS: A's end of USER's link has FreeRADIUS's ADDRESS, and B knows the user.
call_up() {
  wait_until 30 address_up "$ns_a" "inet $2 peer 10.77.0.1/32" # A's end of $1's link
  wait_until 15 user_known "$1"                                 # radius.so's Start reached B's relay
}
link_of() { ip -n "$ns_a" -4 -o addr show | awk -v a="$1" '$4 == a {print $2}'; }
ping_from() { ip netns exec "$ns_a" ping -I "$(link_of "$1")" -c "$2" -i 0.3 -W 5 -q 10.77.0.1 >/dev/null; }
# check_start USER ID: l2tpd's Start for USER's session ID is in the detail file, its NAS-Port
# l2tpd's, and `show sessions` on B has the user and FreeRADIUS's address.
check_start() {
  wait_until 15 acct "$2" Start # l2tpd's Start, after the first server timed out
  start_record=$(acct "$2" Start)
  [ "$(field "$start_record" NAS-Port)" = "$(b_user "$1" nas_port)" ] ||
    fail "$1: the Start's NAS-Port is not l2tpd's $(b_user "$1" nas_port): $start_record"
}
# check_stop USER ID [CAUSE]: the Stop has every attribute and says CAUSE (Admin-Reset);
# sets $stop.
check_stop() {
  local cause=${3:-Admin-Reset}
  wait_until 15 acct "$2" Stop
  stop=$(acct "$2" Stop)
  expect_attributes "$stop" "${every_record[@]}" "${usage[@]}" Acct-Terminate-Cause
  [ "$(field "$stop" Acct-Terminate-Cause)" = "$cause" ] ||
    fail "$1: the Stop's Acct-Terminate-Cause is not $cause: $stop"
}

# B's Accounting-On, sent as it started: before any session's record, with B's identity.
wait_until 15 accounting_on # B's Accounting-On in the detail file
read -r _ b_acct_id b_address <<<"$(nas_states | head -n 1)"
[[ $b_acct_id == *-00000000 && $b_address == 198.51.100.1 ]] ||
  fail "B's first record is not its Accounting-On: $(nas_states)"
echo "B's Accounting-On: Acct-Session-Id $b_acct_id, NAS-IP-Address $b_address"

# The PAP call stays up for its Interim-Update (interim_interval 60) while the CHAP and
# MS-CHAPv2 calls and a wrong password are tried beside it.
options require-pap pap-user pap-pass
pap_session=$(place --calling-number 5550100 --called-number 5550199)
call_up pap-user 10.77.0.11
ping_from 10.77.0.11 2 || fail "pap-user: no ping reply"
pap_acct=$(b_user pap-user acct_session_id)
[ "$(b_user pap-user framed_address)" = 10.77.0.11 ] || fail "pap-user: l2tpctl show sessions on B: $(sessions b)"
check_start pap-user "$pap_acct"
expect_attributes "$start_record" "${every_record[@]}"
# FreeRADIUS writes Class, octets, in hex: "vm-class-1".
for expected in "User-Name pap-user" "Class 0x766d2d636c6173732d31" "Framed-IP-Address 10.77.0.11" \
  "NAS-Identifier vm-lns" "NAS-IP-Address 198.51.100.1" "NAS-Port-Type Virtual" \
  "Calling-Station-Id 5550100" "Called-Station-Id 5550199" "Tunnel-Type L2TP" \
  "Tunnel-Medium-Type IPv4" "Tunnel-Client-Endpoint 192.0.2.1" \
  "Tunnel-Server-Endpoint 192.0.2.2" "Tunnel-Server-Auth-Id vm-lns-host" \
  "Service-Type Framed-User" "Framed-Protocol PPP" "Acct-Authentic RADIUS"; do
  read -r name value <<<"$expected"
  [ "$(field "$start_record" "$name")" = "$value" ] || fail "Start: $name is not $value: $start_record"
done
echo "require-pap: pap-user up with 10.77.0.11 from FreeRADIUS (not the pool), ping, Start"

# Beside it, each other method: the call comes up with the user's address, ping, then it is
# cleared: the CHAP call by B's administrator, the MS-CHAPv2 call by the LAC; then a CHAP
# call whose pppd on B dies hard (SIGKILL), which is accounted all the same (NAS-Error).
for call in "require-chap chap-user chap-pass 10.77.0.12 b" \
  "require-mschap-v2 mschap-user mschap-pass 10.77.0.13 a" \
  "require-chap chap-user chap-pass 10.77.0.12 kill"; do
  read -r method user password address clearer <<<"$call"
  options "$method" "$user" "$password"
  session=$(place --calling-number 5550100 --called-number 5550199)
  call_up "$user" "$address"
  ping_from "$address" 2 || fail "$user: no ping reply"
  [ "$(b_user "$user" framed_address)" = "$address" ] || fail "$user: l2tpctl show sessions on B: $(sessions b)"
  acct_id=$(b_user "$user" acct_session_id)
  check_start "$user" "$acct_id"
  case $clearer in
    b) ctl b session delete "$(b_user "$user" tunnel_id)" "$(b_user "$user" session_id)" ;;
    a) ctl a session delete "$tunnel" "$session" ;;
    kill) kill -KILL "$(b_user "$user" pppd_pid)" ;;
  esac
  only_pap() { [ "$(calls a)" = 1 ] && [ "$(calls b)" = 1 ] && ! user_known "$1"; }
  wait_until 15 only_pap "$user" # the call cleared on both sides, pap-user's left
  if [ "$clearer" = kill ]; then
    check_stop "$user" "$acct_id" NAS-Error # pppd killed by a signal
  else
    check_stop "$user" "$acct_id"
  fi
  echo "$method: $user up with $address from FreeRADIUS (not the pool), ping, cleared ($clearer), accounted"
done

# A wrong password: pppd on B ends with status 11, the call is cleared with CDN Result 3.
a_log=$logs/52_radius_l2tpd_a.log
b_log=$logs/52_radius_l2tpd_b.log
a_lines=$(wc -l <"$a_log")
b_lines=$(wc -l <"$b_log")
options require-pap pap-user wrong
place >/dev/null
auth_failed() { ctl b --json stats | has '"auth_failures": 1'; }
wait_until 30 auth_failed # B counted the failed authentication
only_pap_call() { [ "$(calls a)" = 1 ] && [ "$(calls b)" = 1 ]; }
wait_until 15 only_pap_call
grep -q "PAP peer authentication failed for pap-user" "$pppd_log" || fail "pppd's log has no reject"
# Whichever pppd gave up first, the CDN says Result 3 (administrative: authentication).
tail -n "+$((a_lines + 1))" "$a_log" | has -E "closed( by peer)? \(result 3" ||
  fail "A's log shows no CDN Result 3 for the call"
tail -n "+$((b_lines + 1))" "$b_log" |
  has -E "pppd exited with status 11: peer authentication failed|closed by peer \(result 3" ||
  fail "B's log does not say why the call ended"
echo "wrong password: CDN Result 3, auth_failures counted"

# The PAP call's Interim-Update counts the first ping, the Stop the second too.
wait_until 75 acct "$pap_acct" Interim-Update
interim=$(acct "$pap_acct" Interim-Update)
expect_attributes "$interim" "${every_record[@]}" "${usage[@]}"
ping_from 10.77.0.11 5 || fail "pap-user: no ping reply"
ctl a session delete "$tunnel" "$pap_session"
wait_until 15 no_sessions # the call cleared on both sides
check_stop pap-user "$pap_acct"
for counter in Acct-Input-Octets Acct-Output-Octets Acct-Input-Packets Acct-Output-Packets; do
  if [ "$(field "$interim" "$counter")" -eq 0 ] ||
    [ "$(field "$stop" "$counter")" -le "$(field "$interim" "$counter")" ]; then
    fail "$counter did not grow with the ping: $interim then $stop"
  fi
done
echo "accounting: Start, Interim-Update and Stop with every attribute, octets grew with a ping"
echo "pap-user's Stop in FreeRADIUS's detail file: $stop"
# radius.so's own accounting went to l2tpd's relay, not to FreeRADIUS.
! grep -h "NAS-Port-Type = Async" "$work"/radius-log/radacct/*/detail-* ||
  fail "radius.so's accounting reached FreeRADIUS"
# radiusclient names the server it gave up on by its reverse DNS name ("unknown" here).
[ "$(grep -c "no reply from RADIUS server .*:1812" "$pppd_log")" -ge 3 ] ||
  fail "pppd's log does not show the first server timing out for each call"

# --- RFC 5176: R's Disconnect-Requests to B ------------------------------------------------
# das CODE SECRET ATTRIBUTES [TRIES]: radclient's request from R to B's listener, sent up to
# TRIES times 2 s apart (default 3: B answers a repeat from its cache of answers), and what it
# printed, with its exit status (1 on a NAK or no answer, the output says which; above 128 it
# died of a signal).
das() {
  local status=0
  printf '%s\n' "$3" | ip netns exec "$ns_r" radclient -x -r "${4:-3}" -t 2 198.51.100.1:3799 "$1" "$2" 2>&1 ||
    status=$?
  echo "radclient exit status $status"
}
wait_until 10 udp_listening "$ns_b" 3799 # B's listener
for call in "require-pap pap-user pap-pass 10.77.0.11" "require-chap chap-user chap-pass 10.77.0.12"; do
  read -r method user password address <<<"$call"
  options "$method" "$user" "$password"
  place >/dev/null
  call_up "$user" "$address"
done
pap_acct=$(b_user pap-user acct_session_id)
out=$(das disconnect vm-das-secret 'User-Name = "pap-user"')
has "Received Disconnect-ACK" <<<"$out" ||
  fail "Disconnect-Request for pap-user: $out; B's counters: $(ctl b --json stats | python3 -c 'import json, sys
print(json.load(sys.stdin)["stats"]["radius_dynamic_authorization"])')"
pap_gone() {
  ! user_known pap-user && [ "$(calls a)" = 1 ] &&
    ! address_up "$ns_a" "inet 10.77.0.11 "
}
wait_until 15 pap_gone # pap-user's call cleared on both sides, chap-user's left
user_known chap-user || fail "chap-user's session went too: $(sessions b)"
ping_from 10.77.0.12 2 || fail "chap-user: no ping reply after pap-user's disconnect"
wait_until 15 acct "$pap_acct" Stop
[ "$(field "$(acct "$pap_acct" Stop)" Acct-Terminate-Cause)" = Admin-Reset ] ||
  fail "the disconnected call's Stop does not say Admin-Reset: $(acct "$pap_acct" Stop)"
out=$(das disconnect vm-das-secret 'Acct-Session-Id = "00000000-DEADBEEF"')
{ has "Error-Cause = Session-Context-Not-Found" <<<"$out" && has "Received Disconnect-NAK" <<<"$out"; } ||
  fail "Disconnect-Request for no session: $out"
out=$(das disconnect vm-das-secret 'User-Name = "chap-user", User-Name = "pap-user"')
{ has "Error-Cause = Invalid-Request" <<<"$out" && has "Received Disconnect-NAK" <<<"$out"; } ||
  fail "Disconnect-Request with User-Name twice: $out"
out=$(das coa vm-das-secret 'User-Name = "chap-user", Session-Timeout = 60')
{ has "Error-Cause = Unsupported-Service" <<<"$out" && has "Received CoA-NAK" <<<"$out"; } ||
  fail "CoA-Request: $out"
# Sent twice, so that radclient waits 2 s after the first: radclient 3.2 gives up on its last
# try silently, exit status 0, when the clock's second turns before it starts waiting.
out=$(das disconnect wrong-secret 'User-Name = "chap-user"' 2)
if has "Received" <<<"$out" || has "verification failed" <<<"$out"; then
  fail "a Disconnect-Request with a wrong secret was answered: $out"
fi
ctl b --json stats | python3 -c 'import json, sys
das = json.load(sys.stdin)["stats"]["radius_dynamic_authorization"]
sys.exit(das["requests"]["bad_authenticator"] != 2 or das["sessions_disconnected"] != 1)' ||
  fail "B's counters do not show the forged request twice and one session ended: $(ctl b --json stats)"
user_known chap-user || fail "chap-user's session went: $(sessions b)"
ctl a session delete "$tunnel" "$(sessions a | python3 -c 'import json, sys; print(json.load(sys.stdin)["sessions"][0]["session_id"])')"
wait_until 15 no_sessions
echo "RFC 5176: Disconnect-ACK ended pap-user's call only (Stop Admin-Reset), NAK 503, NAK 404, CoA-NAK 405, a forged request dropped"

# IPv6: a PAP call with IPv6CP. B routes pap-user's Framed-IPv6-Prefix over its PPP interface
# and advertises it (RFC 4861 §6.2); A (a host: forwarding 0, accept_ra 1, a new namespace's
# IPv6 defaults, set to be sure) forms an address in it by SLAAC and takes B as its default
# router, over which it reaches B's loopback (on no subnet of the veth). The route goes with
# the interface.
ip netns exec "$ns_a" sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv6.conf.default.accept_ra=1
ip -n "$ns_b" addr add 2001:db8:ffff::1/128 dev lo
options require-pap pap-user pap-pass
printf '+ipv6\n' | tee -a "$work/lns.options" >>"$work/lac.options"
ctl a session add "$tunnel" >/dev/null
wait_until 30 ppp_up # B's pppd up for pap-user
slaac() { ip -n "$ns_a" -6 -o addr show scope global -tentative | grep -m1 -o "2001:db8:77:1:[0-9a-f:]*"; }
wait_until 30 slaac # A's address from B's Router Advertisement
b_ppp=$(b_session interface)
ip -n "$ns_b" -6 route show 2001:db8:77:1::/64 | has "dev $b_ppp" ||
  fail "IPv6: B has no route to the prefix over $b_ppp: $(ip -n "$ns_b" -6 route show)"
[ "$(b_session framed_ipv6_prefix)" = 2001:db8:77:1::/64 ] || fail "IPv6: show sessions: $(sessions b)"
ip -n "$ns_a" -6 route get 2001:db8:ffff::1 | has "dev ppp" ||
  fail "IPv6: A's route to B's loopback is not the PPP link: $(ip -n "$ns_a" -6 route show)"
ip netns exec "$ns_a" ping -6 -c 2 -i 0.3 -W 5 -q -I "$(slaac)" 2001:db8:ffff::1 >/dev/null ||
  fail "IPv6: no ping reply from B's loopback"
ctl b --json stats | has -E '"ipv6_routes_installed": [1-9]' || fail "IPv6: no route counted"
ctl b --json stats | has -E '"router_advertisements_sent": [1-9]' || fail "IPv6: no RA counted"
ctl a session delete "$tunnel" "$(sessions a | python3 -c 'import json, sys; print(json.load(sys.stdin)["sessions"][0]["session_id"])')"
wait_until 15 no_sessions
no_route() { ! ip -n "$ns_b" -6 route show 2001:db8:77:1::/64 | has 2001; }
wait_until 15 no_route # gone with B's interface
echo "IPv6: Framed-IPv6-Prefix routed over $b_ppp and advertised, A's SLAAC address pings B"

# xl2tpd as the LAC (in A's place) for one CHAP call: the same RADIUS path on B.
kill -TERM "$pid_a"
wait "$pid_a" || fail "l2tpd A exited with $? on SIGTERM"
options require-chap chap-user chap-pass
cat >"$work/xl2tpd-lac.conf" <<EOT
[global]
listen-addr = 192.0.2.1
port = 1701
force userspace = no
[lac l2tpd]
lns = 192.0.2.2
hostname = xl2tpd-lac
autodial = yes
redial = no
require authentication = no
pppoptfile = $work/lac.options
EOT
start "$ns_a" xl2tpd -D -c "$work/xl2tpd-lac.conf" -p "$work/xl2tpd-lac.pid" \
  -C "$work/xl2tpd-lac.control" >>"$logs/52_radius_xl2tpd_lac.log" 2>&1
wait_until 60 ppp_up # B's pppd up for xl2tpd's call
wait_until 30 address_up "$ns_a" "peer 10.77.0.1/32" # xl2tpd's end of the link
ip -n "$ns_a" -4 -o addr show | has "inet 10.77.0.12 peer 10.77.0.1/32" ||
  fail "xl2tpd's call: the LAC's end is not FreeRADIUS's 10.77.0.12: $(ip -n "$ns_a" -4 -o addr show)"
ip netns exec "$ns_a" ping -c 2 -i 0.3 -W 5 -q 10.77.0.1 >/dev/null || fail "xl2tpd's call: no ping reply"
wait_until 15 user_known chap-user # radius.so's Start reached B's relay
xl2tpd_acct=$(b_user chap-user acct_session_id)
wait_until 15 acct "$xl2tpd_acct" Start
start_record=$(acct "$xl2tpd_acct" Start)
expect_attributes "$start_record" User-Name Tunnel-Type Tunnel-Client-Endpoint Tunnel-Client-Auth-Id \
  Acct-Tunnel-Connection NAS-Port-Type
for expected in "User-Name chap-user" "Tunnel-Client-Auth-Id xl2tpd-lac" "NAS-Port-Type Virtual"; do
  read -r name value <<<"$expected"
  [ "$(field "$start_record" "$name")" = "$value" ] || fail "xl2tpd's call: $name is not $value: $start_record"
done
echo "xl2tpd as the LAC: chap-user up with 10.77.0.12 from FreeRADIUS, ping, Start with xl2tpd's host name"

# B's clean stop (RFC 2866 §5.1): xl2tpd's call ends with B (Admin-Reboot), then B's
# Accounting-Off, answered before B exits.
kill -TERM "$pid_b"
wait "$pid_b" || fail "l2tpd B exited with $? on SIGTERM"
stop=$(acct "$xl2tpd_acct" Stop) || fail "no Stop for xl2tpd's call after B stopped: $(nas_states)"
[ "$(field "$stop" Acct-Terminate-Cause)" = Admin-Reboot ] ||
  fail "xl2tpd's call: the Stop at B's shutdown is not Admin-Reboot: $stop"
# B queues the Off once the Stop is queued; both may fail over together, and FreeRADIUS's
# threads may then write them in either order.
[ "$(nas_states | tail -n 2 | sort)" = "Accounting-Off $b_acct_id 198.51.100.1
Stop $xl2tpd_acct 198.51.100.1" ] || fail "B's last records are not that Stop and Accounting-Off: $(nas_states)"
echo "B's stop: xl2tpd's call's Stop (Admin-Reboot) and Accounting-Off, in the detail file"
