#!/usr/bin/env bash
# Benchmark, not a test (not in CI): the time for N PPP sessions (default 50) to come up with
# l2tpd as the LNS and with xl2tpd (kernel mode) as the LNS, in the same guest, with the same
# LAC (l2tpd, all N calls placed at once in one tunnel, all N pppds started at once as xl2tpd
# does: with the default max_starting, 32, the LAC held back the LNS that does not wait) and the
# same pppd options (CHAP, IPv6CP only). Under emulation only the ratio means something. A
# warm-up round with xl2tpd, not measured, comes first (below); each round also prints the CPU
# seconds of the LNS, the LAC and their pppds, and leaves the LAC's counters in its log.
# With all N up it prints the memory each subscriber costs the LNS: the proportional set size
# (PSS) of the LNS daemon and its pppds, summed from their smaps_rollup, divided by N (the
# LAC's pppds share pppd's pages too: the same for both LNSs). And from what each pppd tells
# syslog, when each side's pppds reached each phase (pppd_phases.py), and the LAC's ICCNs sent
# and retransmissions (its metrics). A round in which a LAC pppd ends before all are up is
# reported as failed, with the LAC's counters, and the benchmark goes on; it fails (exit 1)
# only when l2tpd's round did.
#
# --radius: the LNS authenticates the subscribers against FreeRADIUS (docs/radius.md), in a
# namespace of its own behind the LNS (tests/vm/guest/freeradius.sh), with accounting: l2tpd
# with a `radius:` block and `radius: true` (radius.so, and l2tpd's own accounting), xl2tpd's
# pppds with `plugin radius.so` and radius.so's own accounting, straight to FreeRADIUS. Each
# round prints FreeRADIUS's CPU seconds too. IPCP instead of IPv6CP (radius.so's accounting
# starts when IPCP opens), each LNS giving the addresses from a pool of its own; every call
# of the LAC's one tunnel has the same options, so they share one user. Both LNSs' radius.so
# read the same radiusclient.conf, with a 10 s timeout: with 1 s, radius.so retransmitted while
# FreeRADIUS was still answering the burst, and the first run at N = 50 stalled.
# docs/ppp.md, "Set-up rate".
# Run: tests/vm/run.sh tests/vm/bench/ppp_compare.sh [--radius] [N]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../guest/lib.sh
source "${BASH_SOURCE[0]%/*}/../guest/lib.sh"
# shellcheck source=../guest/freeradius.sh
source "${BASH_SOURCE[0]%/*}/../guest/freeradius.sh"
here=${BASH_SOURCE[0]%/*}/../guest
phases_py=${BASH_SOURCE[0]%/*}/pppd_phases.py
radius=
if [ "${1:-}" = --radius ]; then
  radius=1
  shift
fi
n=${1:-50}
modprobe -a l2tp_core l2tp_netlink l2tp_ppp pppox ppp_generic
daemon_test
# Debian's dial-up scripts in /etc/ppp cost every link of both LNSs and of the LAC about
# 0.9 s of emulated CPU, and in the first runs at N = 200 they took a third of the guest's
# CPUs for both LNSs alike: moved aside, so that the rounds time the LNS and not them.
ppp_scripts_aside
ns_pair
ppp_secrets

# On the guest's tmpfs, copied to the logs at the end: a slow reader of /dev/log would hold up
# every pppd's syslog().
phases=$work/pppd_syslog.log
python3 "$phases_py" collect "$phases" &
bg_pids+=($!)
on_exit "cp $phases $logs/ppp_compare_pppd_syslog.log"

if [ -n "$radius" ]; then
  freeradius_behind "$ns_b" <<'EOT'
subscriber	Cleartext-Password := "subscriber-pass"
EOT
  printf 'nodefaultroute\nnoccp\nnovj\nrequire-chap\n' >"$work/lns.options"
  printf 'nodefaultroute\nnoccp\nnovj\nnoauth\nuser subscriber\npassword subscriber-pass\n' >"$work/lac.options"
  printf 'radius: vm-radius-secret\n' >"$work/secrets.yaml"
  chmod 600 "$work/secrets.yaml"
  # Each LNS's pool: 10.88.0.1 to 10.88.3.254, its end of every link 10.77.0.1.
  lns_radius="secrets_file: secrets.yaml
radius: {servers: [{address: 198.51.100.2, secret_ref: radius}], nas_identifier: bench-lns, timeout: 10}
pools: {clients: {ranges: [10.88.0.0/22], local: 10.77.0.1}}"
  lns_profile="{version: 2, pool: clients, ppp: {radius: true}, call_setup_timeout: 900}"
  xl2tpd_addresses="assign ip = yes
ip range = 10.88.0.1-10.88.3.254
local ip = 10.77.0.1"
else
  printf 'nodefaultroute\nnoccp\nnovj\nnoip\n+ipv6\nrequire-chap\n' >"$work/lns.options"
  printf 'nodefaultroute\nnoccp\nnovj\nnoip\n+ipv6\nnoauth\nname lac\n' >"$work/lac.options"
  lns_radius=
  lns_profile="{version: 2, call_setup_timeout: 900}"
  xl2tpd_addresses="assign ip = no"
fi
# The pppds of both sides are patient, the same for both LNSs: pppd's LCP gives up after 10
# Configure-Requests 3 s apart (RFC 1661 §4.6, pppd's default), and l2tpd stops a pppd not up
# within 60 s. With RADIUS under xl2tpd that cleared half the calls of a round at N = 50:
# xl2tpd took up to 52 s after the burst to take the last calls' ICCN and start their pppds,
# and the LAC's pppds had given up by then; with 200 pppds starting at once on each side, a
# call's two pppds can start 45 s apart, whichever side starts first (docs/ppp.md, "With
# RADIUS"). Neither LNS refuses a call for the time it takes, so the round times the LNS until
# every call is up.
echo "lcp-max-configure 200" >>"$work/lns.options"
# l2tpd's LNS answers the burst at the pace its calls come up: at most this many answered and
# not yet up, the rest of the ICRQs acknowledged and their ICRPs held (docs/ppp.md, "Limits"),
# so that both sides' pppds start a few at a time. The LAC waits for its ICRPs, and each LNS
# for its calls' ICCNs, up to 900 s (`call_setup_timeout`): the same LAC for both LNSs.
# L2TP_BENCH_SETTING_UP sets it; 4 by default: at N = 200 with 16 each pppd cost more CPU and
# the round took longer (docs/ppp.md, "With RADIUS").
setting_up=${L2TP_BENCH_SETTING_UP:-4}
cp "$work/lns.options" "$work/xl2tpd.options"
echo "lcp-max-configure 200" >>"$work/lac.options"

ctl() { ip netns exec "$1" "$l2tpctl" --socket "/run/l2tpd-bench-$2.sock" "${@:3}"; }
lac_established() { ctl "$ns_a" lac --json show tunnels | has '"state": "established"'; }
# The LAC's count of pppds that reported READY=1, from `stats`: `show sessions` would cost the
# LAC's reactor a netlink query per session at every poll, in the middle of the burst. Read
# with bash alone: a Python at every poll took a core of the guest from the pppds. A LAC pppd
# that ended before all were up ends the round, failed: its call will not come up. What the
# LAC's counters were then goes to $work/round_failed.
up_on_lac() {
  local stats up ended=0 key
  stats=$(ctl "$ns_a" lac --json stats) || return 1
  [[ $stats =~ \"up\":\ ([0-9]+) ]] || return 1
  up=${BASH_REMATCH[1]}
  [ "$up" -lt "$n" ] || return 0
  for key in exited stopped killed start_failures start_timeouts; do
    [[ $stats =~ \"$key\":\ ([0-9]+) ]] && ended=$((ended + BASH_REMATCH[1]))
  done
  [ "$ended" -gt 0 ] || return 1
  echo "$up of $n up when $ended of the LAC pppds had ended: ${stats//[$' \n']/}" >"$work/round_failed"
}
# lac_metric NAME: the LAC's Prometheus sample NAME (with its labels, if any).
lac_metric() {
  ip netns exec "$ns_a" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9641 &&
    printf "GET /metrics HTTP/1.0\r\n\r\n" >&3 && cat <&3' | awk -v name="$1" '$1 == name { print $2 }'
}
now() { echo "${EPOCHREALTIME}"; }
# own_cpu PID: the CPU time PID has taken so far, in clock ticks.
own_cpu() {
  local stat
  stat=$(<"/proc/$1/stat")
  read -ra stat <<<"${stat##*) }"
  echo $((stat[11] + stat[12]))
}
# pss_per_call PID: the PSS of PID and of its children (pppd), in KiB, divided by N.
pss_per_call() {
  python3 - "$1" "$n" <<'EOT'
import os, sys
daemon, n = sys.argv[1], int(sys.argv[2])
def pss(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
total = pss(daemon)
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[1] == daemon:
                total += pss(pid)
    except OSError:
        continue
print(f"{total / n:.0f}")
EOT
}
# cpu PID: the CPU seconds of a daemon and of its children (pppd), running and reaped, and of
# what those pppds ran and reaped (scripts; /etc/ppp's are gone, above).
cpu() {
  python3 - "$1" <<'EOT'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
daemon = sys.argv[1]
own = stat(daemon)
children = int(own[13]) + int(own[14])  # cutime, cstime: children reaped
scripts = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        s = stat(pid)
    except OSError:
        continue
    if s[1] == daemon:
        children += int(s[11]) + int(s[12])
        scripts += int(s[13]) + int(s[14])
print(f"{(int(own[11]) + int(own[12])) / tick:.2f} s, its pppds {children / tick:.2f} s"
      f" and their scripts {scripts / tick:.2f} s")
EOT
}

# measure LNS_NAME LNS_PID: the LAC dials, places N calls at once, and waits for N links up;
# prints the seconds that took and the PSS per call.
measure() {
  cat >"$work/lac.yaml" <<EOT
listen: ["192.0.2.1"]
dataplane: kernel
control_socket: /run/l2tpd-bench-lac.sock
ppp: {options_file: $work/lac.options, max_starting: $n, start_timeout: 900}
metrics: {listen: "127.0.0.1:9641"}
profiles:
  lac: {version: 2, host_name: l2tpd-lac, call_setup_timeout: 900}
peers:
  - {name: lns, address: "192.0.2.2", profile: lac, connect: true}
EOT
  start "$ns_a" "$l2tpd" -c "$work/lac.yaml" --log console >>"$logs/ppp_compare_lac_$1.log" 2>&1
  local lac=$started
  wait_until 60 lac_established # the LAC's tunnel to $1
  local tunnel begin end radius_cpu pss
  [ -z "$radius" ] || radius_cpu=$(own_cpu "$pid_r")
  tunnel=$(ctl "$ns_a" lac --json show tunnels | grep -o '"tunnel_id": [0-9]*' | grep -o '[0-9]*$')
  rm -f "$work/round_failed"
  begin=$(now)
  read -r _ user0 nice0 system0 idle0 _ < /proc/stat
  python3 "$here/place_calls.py" /run/l2tpd-bench-lac.sock "$tunnel" "$n" >/dev/null
  wait_until $((600 + 3 * n)) up_on_lac # $n PPP links up with $1 as the LNS
  end=$(now)
  read -r _ user1 nice1 system1 idle1 _ < /proc/stat
  if [ -e "$work/round_failed" ]; then
    echo "with $1 as the LNS${warm_up:+ (warm-up)}, after $(python3 -c "print(f'{$end - $begin:.2f}')") s:" \
      "$(<"$work/round_failed")" >&2
  fi
  pss=$(pss_per_call "$2")
  [ -z "$radius" ] || radius_cpu="FreeRADIUS $(python3 -c \
    "print(f'{($(own_cpu "$pid_r") - $radius_cpu) / $(getconf CLK_TCK):.2f}')") s"
  echo "CPU with $1 as the LNS${warm_up:+ (warm-up)}: LNS $(cpu "$2"), LAC $(cpu "$lac")${radius:+, $radius_cpu}" >&2
  # The guest's CPUs over the round (/proc/stat): idle near 0 is a round bound by
  # the CPUs, the pppds' and their scripts' work the same for both LNSs.
  local tick
  tick=$(getconf CLK_TCK)
  echo "  the guest's CPUs over the round: user $(((user1 - user0 + nice1 - nice0) / tick)) s," \
    "system $(((system1 - system0) / tick)) s, idle $(((idle1 - idle0) / tick)) s" >&2
  python3 "$phases_py" summary "$phases" "$begin" >&2
  echo "  the guest's MemAvailable with all up: $(($(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024)) MiB" >&2
  echo "  the LAC's control messages: ICCNs sent $(lac_metric 'l2tpd_control_messages_sent_total{type="ICCN"}')," \
    "retransmissions $(lac_metric l2tpd_control_retransmissions_total)" >&2
  ctl "$ns_a" lac --json stats >>"$logs/ppp_compare_lac_$1.log" # its counters, for a look after
  kill -TERM "$lac"
  wait "$lac" || true
  if [ -e "$work/round_failed" ]; then
    echo "failed -"
  else
    python3 -c "print(f'{$end - $begin:.2f} $pss')"
  fi
}

gone() { ! pgrep -x pppd >/dev/null; }

cat >"$work/lns.yaml" <<EOT
listen: ["192.0.2.2"]
dataplane: kernel
control_socket: /run/l2tpd-bench-lns.sock
max_calls_setting_up: $setting_up
$lns_radius
ppp: {options_file: $work/lns.options, name: lns, start_timeout: 900}
profiles:
  lns: $lns_profile
accept: {l2tpv2: lns}
EOT
# start_l2tpd_lns: l2tpd as the LNS, its PID in $started once it answers.
start_l2tpd_lns() {
  start "$ns_b" "$l2tpd" -c "$work/lns.yaml" --log console >>"$logs/ppp_compare_l2tpd_lns.log" 2>&1
  wait_until 20 ctl "$ns_b" lns stats # l2tpd LNS
}

# l2tpd as the LNS: prints the time and the PSS per call.
round_l2tpd() {
  start_l2tpd_lns
  local lns=$started
  measure l2tpd "$lns"
  kill -TERM "$lns"
  wait "$lns" || true
  wait_until $((30 + n / 2)) gone # every pppd to go
}

# xl2tpd as the LNS: prints the time and the PSS per call.
round_xl2tpd() {
  cat >"$work/xl2tpd.conf" <<EOT
[global]
listen-addr = 192.0.2.2
port = 1701
force userspace = no
max retries = 5
[lns default]
hostname = xl2tpd-lns
require chap = yes
refuse pap = yes
require authentication = yes
name = lns
pppoptfile = $work/xl2tpd.options
$xl2tpd_addresses
EOT
  start "$ns_b" xl2tpd -D -c "$work/xl2tpd.conf" -p "$work/xl2tpd.pid" -C "$work/xl2tpd.control" \
    >>"$logs/ppp_compare_xl2tpd_lns.log" 2>&1
  local xl2tpd=$started
  wait_until 20 udp_listening "$ns_b" 1701 # xl2tpd to listen
  measure xl2tpd "$xl2tpd"
  grep -q "Using l2tp kernel support." "$logs/ppp_compare_xl2tpd_lns.log" || fail "xl2tpd ran in userspace mode"
  kill -TERM "$xl2tpd"
  wait "$xl2tpd" || true
  wait_until $((30 + n / 2)) gone # every pppd to go
}

# xl2tpd's pppds get radius.so with the files l2tpd writes from its radius block (into radius/
# beside its control socket, once it started), copied, but for the accounting server: l2tpd's
# names l2tpd's own relay, xl2tpd's the FreeRADIUS l2tpd accounts to.
if [ -n "$radius" ]; then
  start_l2tpd_lns
  cp -a /run/radius "$work/xl2tpd-radius"
  kill -TERM "$started"
  wait "$started" || true
  sed -i -e "s|/run/radius/|$work/xl2tpd-radius/|" -e 's|^acctserver .*|acctserver 198.51.100.2:1813|' \
    "$work/xl2tpd-radius/radiusclient.conf"
  printf 'plugin radius.so\nradius-config-file %s\n' "$work/xl2tpd-radius/radiusclient.conf" \
    >>"$work/xl2tpd.options"
fi

# The first round in a fresh guest is slower whichever server is the LNS, and its pppds take
# more CPU: l2tpd 36.8 s first and 27.6 s after an xl2tpd round, xl2tpd 37.8 s first and
# 31.4 s after an l2tpd round. Hence a warm-up round, not measured.
warm_up=1 round_xl2tpd >/dev/null
l2tpd_round=$(round_l2tpd)
xl2tpd_round=$(round_xl2tpd)
read -r l2tpd_time l2tpd_pss <<<"$l2tpd_round"
read -r xl2tpd_time xl2tpd_pss <<<"$xl2tpd_round"

echo "$n PPP sessions up${radius:+ with RADIUS}: l2tpd LNS ${l2tpd_time} s, xl2tpd LNS ${xl2tpd_time} s"
if [ "$l2tpd_time" != failed ] && [ "$xl2tpd_time" != failed ]; then
  python3 -c "print(f'ratio xl2tpd/l2tpd: {$xl2tpd_time / $l2tpd_time:.2f}')"
fi
echo "PSS per subscriber (the LNS and its pppds): l2tpd ${l2tpd_pss} KiB, xl2tpd ${xl2tpd_pss} KiB"
[ "$l2tpd_time" != failed ] # l2tpd's round must bring every call up
