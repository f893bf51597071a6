# shellcheck shell=bash
# Third-party LNS peers for the load benchmark: xl2tpd and l2tpns (Debian packages), each run
# as an L2TPv2 LNS on ADDR:1701 inside an existing network namespace, with every file it writes
# kept under a work directory of the caller's. Meant to be sourced:
#
#   source tests/bench/lns_peers.sh
#   trap lns_peers_cleanup EXIT                  # or call it from the caller's own EXIT trap
#   pid=$(start_xl2tpd_lns lns 10.77.0.2 "$work/xl2tpd") || exit 1
#   ...                                          # load; RSS from /proc/$pid/status (VmRSS)
#   stop_peer "$pid"
#
# start_* print the daemon's PID on stdout (nothing else) once it listens on ADDR:1701 (l2tpns:
# and takes tunnels), and also leave it in LNS_PEER_PID when not called in a command
# substitution (lns_compare.sh does that, with > /dev/null). They fail (status 1, the
# tail of the daemon's log on stderr) if it dies or is not ready in LNS_PEER_START_TIMEOUT
# seconds (default 30). The PID is the daemon itself: no wrapper process stays in between.
# Every PID started is also written to a registry file, so that lns_peers_cleanup finds those
# started inside $(...) too ($$ and the registry path are the same in subshells).
#
# Requires root, ip(8), unshare(1), setsid(1), ss(8), ps(1).

# shellcheck disable=SC2034 # read by the caller
LNS_PEER_PID=
LNS_PEERS_REGISTRY=${LNS_PEERS_REGISTRY:-$(mktemp /tmp/lns_peers.XXXXXX)}

# _lns_peer_alive PID: true while PID exists and is not a zombie (a child of this shell that
# exited stays a zombie, and still answers kill -0, until it is waited for).
_lns_peer_alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# _lns_peer_await NS ADDR PID LOG [PATTERN]: waits until PID has a UDP socket on ADDR:1701 in
# NS and, if given, PATTERN (extended regexp) appears in LOG.
_lns_peer_await() {
  local ns=$1 addr=$2 pid=$3 log=$4 pattern=${5:-}
  local tenths=$(( ${LNS_PEER_START_TIMEOUT:-30} * 10 ))
  local _
  for _ in $(seq 1 "$tenths"); do
    if ! _lns_peer_alive "$pid"; then
      echo "lns_peers: PID $pid exited during start-up; end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    if ip netns exec "$ns" ss -Hlunp "src $addr:1701" 2>/dev/null | grep -q "pid=$pid,"; then
      if [ -z "$pattern" ] || grep -Eq "$pattern" "$log" 2>/dev/null; then
        return 0
      fi
    fi
    sleep 0.1
  done
  echo "lns_peers: PID $pid not ready on $addr:1701 in ${LNS_PEER_START_TIMEOUT:-30} s;" \
    "end of $log:" >&2
  tail -n 20 "$log" >&2
  stop_peer "$pid"
  return 1
}

_lns_peer_started() {
  # shellcheck disable=SC2034 # read by the caller
  LNS_PEER_PID=$1
  echo "$1" >> "$LNS_PEERS_REGISTRY"
}

# start_xl2tpd_lns NS ADDR WORKDIR
# xl2tpd LNS accepting any LAC: no tunnel challenge, no hidden AVPs, no IP pool (so no limit
# on calls from there), userspace mode. Files in WORKDIR: xl2tpd.conf, l2tp-secrets (empty),
# ppp.options, pppd-stub, xl2tpd.pid, l2tp-control (FIFO), xl2tpd.log (its stderr, -D).
# xl2tpd forks pppd on a pty for every call, and a call lives only as long as its pppd. pppd
# cannot run on this kernel (no PPP), so a private mount namespace (unshare -m) bind-mounts
# pppd-stub over /usr/sbin/pppd for xl2tpd and its children only; the host's pppd is untouched.
# The stub drains the pty (its stdin), so PPP frames sent by a LAC never fill the pty buffer,
# and exits when the pty closes: on the call's end and on xl2tpd's death, even by SIGKILL.
# Each call costs xl2tpd a pty fd, which it watches with select(): at about 1018 calls at once
# glibc aborts it ("bit out of range 0 - FD_SETSIZE on fd_set"), taking every tunnel down.
# Each call also costs a `cat` process (and a pty, kernel.pty.max) outside xl2tpd's VmRSS.
start_xl2tpd_lns() {
  local ns=$1 addr=$2 dir=$3
  mkdir -p "$dir" || return 1
  dir=$(cd "$dir" && pwd) || return 1
  cat > "$dir/pppd-stub" <<'STUB'
#!/bin/sh
# Stand-in for pppd under xl2tpd (see tests/bench/lns_peers.sh): stdin/stdout are the call's pty.
exec cat > /dev/null 2>&1
STUB
  chmod 755 "$dir/pppd-stub"
  : > "$dir/l2tp-secrets"
  chmod 600 "$dir/l2tp-secrets"
  echo "noauth" > "$dir/ppp.options"
  cat > "$dir/xl2tpd.conf" <<CONF
[global]
listen-addr = $addr
port = 1701
auth file = $dir/l2tp-secrets
access control = no
force userspace = yes

[lns default]
hostname = xl2tpd-lns
exclusive = no
assign ip = no
challenge = no
hidden bit = no
length bit = yes
require authentication = no
pppoptfile = $dir/ppp.options
CONF
  rm -f "$dir/xl2tpd.pid" "$dir/l2tp-control"
  # ip netns exec, unshare (without --fork), sh and xl2tpd -D each exec the next: $! is xl2tpd.
  # shellcheck disable=SC2016 # expanded by sh -c
  ip netns exec "$ns" unshare -m --propagation private sh -c \
    'mount --bind "$1" /usr/sbin/pppd && shift && exec "$@"' sh "$dir/pppd-stub" \
    xl2tpd -D -c "$dir/xl2tpd.conf" -p "$dir/xl2tpd.pid" -C "$dir/l2tp-control" \
    < /dev/null > "$dir/xl2tpd.log" 2>&1 &
  local pid=$!
  _lns_peer_started "$pid"
  _lns_peer_await "$ns" "$addr" "$pid" "$dir/xl2tpd.log" || return 1
  echo "$pid"
}

# start_l2tpns_lns NS ADDR WORKDIR
# l2tpns 2.4.1 LNS on ADDR:1701, in the foreground (no -d), hostname l2tpns-lns, no RADIUS
# (not needed for ICRQ/ICRP/ICCN), no plugins, no challenge. It reads /etc/l2tpns/{ip_pool,users}
# by fixed paths whatever -c says, so WORKDIR/etc (startup-config, empty ip_pool and users) is
# bind-mounted over /etc/l2tpns in a private mount namespace. Log (level LNS_L2TPNS_DEBUG,
# default 1; 3 logs every control message) in WORKDIR/l2tpns.log, PID in WORKDIR/l2tpns.pid,
# stdout/stderr in WORKDIR/l2tpns.out. It creates a tun device in NS (/dev/net/tun needed).
# Limits, compile-time (MAXTUNNEL 500, MAXSESSION 60000), nothing in startup-config raises them:
#   - 498 tunnels at once; a further SCCRQ is dropped without an answer ("No more tunnels");
#   - 59999 sessions at once, all tunnels together; a further ICRQ gets a CDN, result code 4;
#   - one tunnel per LAC source address and port: an SCCRQ from the address:port of an existing
#     tunnel is taken for a retransmission ("Duplicate SCCRQ?"), so a load generator needs a
#     UDP socket (source port) per tunnel.
# Besides ADDR:1701 it listens on UDP *:1702 (nsctl), *:3799 (RADIUS DAE), *:32792 (cluster),
# *:65432 (LAC side, even with disable_lac_func) and TCP 127.0.0.1:23 (CLI), all inside NS.
start_l2tpns_lns() {
  local ns=$1 addr=$2 dir=$3
  mkdir -p "$dir/etc" || return 1
  dir=$(cd "$dir" && pwd) || return 1
  : > "$dir/etc/ip_pool"
  : > "$dir/etc/users"
  # cluster_interface: l2tpns always joins its multicast cluster and exits if the interface
  #   (default eth0) is missing; lo keeps its heartbeats off the veth. Alone, it declares itself
  #   master after cluster_hb_timeout (minimum 3.1 s) and ignores L2TP until then, hence the
  #   wait for that line of the log below.
  # iftun_address: its tun0 otherwise gets bind_address, a duplicate of the veth's address;
  #   198.51.100.254 (TEST-NET-2) is in none of the benchmark's subnets.
  # ppp_*, echo_timeout, idle_echo_timeout, kill_timedout_sessions: after ICCN it starts LCP
  #   on every session and, with the defaults, clears it with a CDN after 30 s (LCP ConfReq,
  #   3 s x 10) without an answer, and sends an LCP Echo-Request every 10 s and drops it after
  #   240 s without replies. Raised so that sessions of a LAC without PPP stay up, quietly,
  #   for the length of any benchmark.
  # send_garp: no ARP noise on the veth.
  cat > "$dir/etc/startup-config" <<CONF
set debug ${LNS_L2TPNS_DEBUG:-1}
set log_file "$dir/l2tpns.log"
set pid_file "$dir/l2tpns.pid"
set bind_address $addr
set iftun_address 198.51.100.254
set cli_bind_address 127.0.0.1
set send_garp no
set cluster_interface "lo"
set cluster_hb_timeout 31
set disable_lac_func yes
set ppp_restart_time 3600
set ppp_max_configure 255
set echo_timeout 3600
set idle_echo_timeout 86400
set kill_timedout_sessions no
CONF
  rm -f "$dir/l2tpns.log" "$dir/l2tpns.pid"
  # setsid -f: l2tpns sends SIGTERM to its whole process group (kill(0, SIGTERM)) when it
  # stops, which would take the caller's shell and its pipelines with it. In a new session it
  # is alone in its group; setsid -f forks, so its PID comes from its pid_file instead of $!.
  # shellcheck disable=SC2016 # expanded by sh -c
  ip netns exec "$ns" unshare -m --propagation private sh -c \
    'mount --bind "$1" /etc/l2tpns && shift && exec setsid -f "$@"' sh "$dir/etc" \
    l2tpns -h l2tpns-lns -c /etc/l2tpns/startup-config \
    < /dev/null > "$dir/l2tpns.out" 2>&1 &
  if ! wait $!; then   # returns as soon as setsid has forked
    echo "lns_peers: could not launch l2tpns; $dir/l2tpns.out:" >&2
    cat "$dir/l2tpns.out" >&2
    return 1
  fi
  local pid='' _
  for _ in $(seq 1 $(( ${LNS_PEER_START_TIMEOUT:-30} * 10 ))); do
    pid=$(cat "$dir/l2tpns.pid" 2>/dev/null) && [ -n "$pid" ] && break
    sleep 0.1
  done
  if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != l2tpns ]; then
    echo "lns_peers: l2tpns wrote no PID file; end of $dir/l2tpns.log:" >&2
    tail -n 20 "$dir/l2tpns.log" "$dir/l2tpns.out" >&2
    return 1
  fi
  _lns_peer_started "$pid"
  _lns_peer_await "$ns" "$addr" "$pid" "$dir/l2tpns.log" "declaring myself the master" ||
    return 1
  echo "$pid"
}

# stop_peer PID: SIGTERM, then SIGKILL after LNS_PEER_STOP_TIMEOUT seconds (default 10), and
# returns once it is gone. Its children (xl2tpd's pppd stubs) end by themselves when their pty
# closes; any still there 2 s later get a SIGTERM.
stop_peer() {
  local pid=$1 kids kid _
  [ -n "$pid" ] || return 0
  if _lns_peer_alive "$pid"; then
    kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${LNS_PEER_STOP_TIMEOUT:-10} * 10 ))); do
      _lns_peer_alive "$pid" || break
      sleep 0.1
    done
    if _lns_peer_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 20); do
      _lns_peer_alive "$pid" || break
      sleep 0.1
    done
    for kid in $kids; do
      for _ in $(seq 1 20); do
        _lns_peer_alive "$kid" || break
        sleep 0.1
      done
      if _lns_peer_alive "$kid"; then kill -TERM "$kid" 2>/dev/null || true; fi
    done
  fi
  wait "$pid" 2>/dev/null || true   # reaps it when it is this shell's child
  if [ -f "$LNS_PEERS_REGISTRY" ]; then
    sed -i "/^$pid\$/d" "$LNS_PEERS_REGISTRY"
  fi
  return 0
}

# lns_peers_cleanup: stops every peer started through this file that is still registered, and
# removes the registry. Safe to call more than once, and from an EXIT trap.
lns_peers_cleanup() {
  local pid pids
  if [ -f "$LNS_PEERS_REGISTRY" ]; then
    mapfile -t pids < "$LNS_PEERS_REGISTRY"
    for pid in "${pids[@]}"; do stop_peer "$pid"; done
    rm -f "$LNS_PEERS_REGISTRY"
  fi
}
