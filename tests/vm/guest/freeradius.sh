# shellcheck shell=bash disable=SC2154,SC2034 # lib.sh's made_ns, work, logs; pid_r, pid_pg: the caller's
# Sourced after lib.sh and daemon_test by what authenticates PPP subscribers against FreeRADIUS
# (52_radius, 53_farm, bench/ppp_compare.sh --radius): docs/radius.md, "The FreeRADIUS side",
# and docs/scale.md.
#   freeradius_behind NS <USERS
#                              FreeRADIUS in a namespace of its own, $ns_r (198.51.100.2), on a
#                              veth to NS (rad-b there, 198.51.100.1, its one client, secret
#                              vm-radius-secret); PAP, CHAP and MS-CHAP checked against the users
#                              file read from stdin, accounting (port 1813) written to the detail
#                              files under $work/radius-log/radacct; its PID in $pid_r, its
#                              log $logs/${test_name}_freeradius.log; returns once it listens
#   freeradius_pool_behind POOL_FIRST POOL_COUNT NS... <USERS
#                              the same server for a farm of LNSs drawing from one address pool:
#                              in $ns_r at 198.51.100.254 on a bridge (radbr) with a veth to each
#                              NS (rad-b there), the i-th NS given 198.51.100.i (i from 1), any
#                              198.51.100.0/24 address a client (secret vm-radius-secret).
#                              Authentication and the detail file as above; besides, sqlippool
#                              gives each Access-Accept a Framed-IP-Address from the pool "farm"
#                              (unless the users file gave one), POOL_COUNT addresses from
#                              POOL_FIRST (e.g. 10.88.0.1 60) in PostgreSQL's radippool; with no
#                              address free it rejects (sqlippool's notfound), rather than accept
#                              with none (the LNS would take one of its own pool); the leases
#                              follow the accounting (below). PostgreSQL runs as the user
#                              postgres in $ns_r, on a Unix socket only, PID in $pid_pg, log
#                              $logs/${test_name}_postgres.log; both stopped on exit
#   pool_leases                the leased addresses, "ADDRESS NAS-IP-ADDRESS POOL-KEY USER-NAME"
#                              a line in address order: those whose lease has not expired, which
#                              sqlippool would not hand out
#   pool_sql SQL               runs SQL on the pool's database (psql, unaligned, tuples only,
#                              fields separated by a blank), printing what it returns
#
# How sqlippool keys a lease (Debian's FreeRADIUS 3.2, mods-available/sqlippool and
# mods-config/sql/ippool/postgresql/queries.conf, used as shipped): each radippool row records
# nasipaddress (NAS-IP-Address), pool_key (pool_key = "%{NAS-Port}"), callingstationid
# (Calling-Station-Id) and username (User-Name) of its holder and an expiry_time.
#   - post-auth: the row of this NAS-IP-Address and pool_key if there is one, expired or not
#     (allocate_existing: a repeated Access-Request, or the same port's next session, gets the
#     same address), else
#     the free row (expiry_time past) that expired first; either is leased for lease_duration
#     (3600 s). An address is held by one (NAS-IP-Address, NAS-Port) at a time, so the pool
#     gives no address twice as long as each NAS's live sessions have distinct NAS-Ports.
#   - accounting Start: extends the lease of NAS-IP-Address and pool_key; Interim-Update
#     extends it and Stop frees it only where NAS-IP-Address, pool_key, User-Name,
#     Calling-Station-Id and Framed-IP-Address all match the row.
#   - Accounting-On and Accounting-Off (RFC 2866 §5.1): free every lease of that
#     NAS-IP-Address, whatever its port.
# Why NAS-Port and not Calling-Station-Id: l2tpd numbers a box's live PPP sessions uniquely and
# gives pppd `avpair NAS-Port=N`, sent first in radius.so's Access-Request (radiusclient appends
# a second NAS-Port, pppN's unit number) and alone in l2tpd's own accounting; FreeRADIUS's
# %{NAS-Port} is the first of them, so the Access-Request and the accounting name the same key.
# A Calling Number may be absent or shared by calls (52_radius places several with the same),
# which as a key would hand two sessions one address. So an LNS must send a NAS-IP-Address of
# its own (l2tpd's radius nas_ip_address, given to radius.so as an avpair and sent in its
# accounting; without one, preprocess takes the request's source address), the same in both.
# Calling-Station-Id matters to Interim-Update and Stop only: radius.so sends pppd's
# remotenumber (the Calling Number, characters other than [A-Za-z0-9+-._@:/=,#] as "_", at most
# 64; with no Calling Number, the profile's ipparam if any) and l2tpd's accounting the Calling
# Number as printable text. They agree for the usual digits; where they do not, Stop frees
# nothing (the lease ends at its expiry or the NAS's Accounting-On) and Interim-Updates do not
# extend it, so a session that outlives lease_duration could see its address handed out again.

# The bin folder of the newest PostgreSQL installed (Debian 12: 15, Debian 13: 17).
pg_bins=(/usr/lib/postgresql/*/bin)
pg_bin=${pg_bins[-1]}
as_postgres=(setpriv --reuid postgres --regid postgres --init-groups)

freeradius_behind() {
  local ns_nas=$1
  ns_r=l2r-$$
  made_ns+=("$ns_r")
  ip -batch - <<EOT || fail "cannot create the RADIUS namespace"
netns add $ns_r
link add rad-b netns $ns_nas type veth peer name rad netns $ns_r
EOT
  ip -n "$ns_nas" -batch - <<EOT || fail "cannot configure $ns_nas's link to R"
link set rad-b up
addr add 198.51.100.1/24 dev rad-b
EOT
  ip -n "$ns_r" -batch - <<EOT || fail "cannot configure R"
link set lo up
link set rad up
addr add 198.51.100.2/24 dev rad
EOT
  freeradius_config 198.51.100.2 198.51.100.1
  freeradius_start
}

freeradius_pool_behind() {
  local first=$1 count=$2 i=0 ns_nas
  shift 2
  if [ $# -lt 1 ] || [ $# -gt 253 ]; then
    fail "freeradius_pool_behind: 1 to 253 NAS namespaces, not $#"
  fi
  ns_r=l2r-$$
  made_ns+=("$ns_r")
  {
    echo "netns add $ns_r"
    for ns_nas in "$@"; do
      i=$((i + 1))
      echo "link add rad-b netns $ns_nas type veth peer name rad$i netns $ns_r"
    done
  } | ip -batch - || fail "cannot create the RADIUS namespace"
  {
    echo "link set lo up"
    echo "link add radbr type bridge"
    echo "link set radbr up"
    echo "addr add 198.51.100.254/24 dev radbr"
    for ((i = 1; i <= $#; i++)); do
      echo "link set rad$i master radbr"
      echo "link set rad$i up"
    done
  } | ip -n "$ns_r" -batch - || fail "cannot configure R"
  i=0
  for ns_nas in "$@"; do
    i=$((i + 1))
    ip -n "$ns_nas" -batch - <<EOT || fail "cannot configure $ns_nas's link to R"
link set rad-b up
addr add 198.51.100.$i/24 dev rad-b
EOT
  done
  freeradius_config 198.51.100.254 198.51.100.0/24 pool
  pool_database "$first" "$count"
  freeradius_start
}

# freeradius_config ADDRESS CLIENT [pool] <USERS: $work/raddb, Debian's configuration run as
# root (it reads $work) with a site of our own listening on ADDRESS: PAP, CHAP and MS-CHAP from
# the users file, accounting to the detail file; no EAP (it needs certificates). CLIENT (an
# address or a prefix) the one client. With "pool", the sql module on PostgreSQL and sqlippool
# in post-auth and accounting.
freeradius_config() {
  local address=$1 client=$2 pool=${3:-} raddb=$work/raddb post_auth='' accounting='' extra=''
  cp -a /etc/freeradius/3.0 "$raddb"
  mkdir -p "$work/radius-log" "$work/radius-run"
  sed -i -e '/^\s*user = /d' -e '/^\s*group = /d' -e "s|^logdir = .*|logdir = $work/radius-log|" \
    -e "s|^run_dir = .*|run_dir = $work/radius-run|" "$raddb/radiusd.conf"
  rm -f "$raddb/mods-enabled/eap" "$raddb"/sites-enabled/*
  if [ -n "$pool" ]; then
    # The sql module only connects (sqlippool runs its queries through it): PostgreSQL's
    # dialect and driver, the database on pool_database's socket. sqlippool as shipped but for
    # the dialect. detail before sqlippool: the record is written even when the database fails.
    sed -i -e 's|^\tdialect = .*|\tdialect = "postgresql"|' \
      -e 's|^\tdriver = .*|\tdriver = "rlm_sql_postgresql"|' \
      -e "s|^\tradius_db = .*|\tradius_db = \"dbname=radius host=$work/postgres user=postgres\"|" \
      "$raddb/mods-available/sql"
    sed -i -e 's|^\tdialect = .*|\tdialect = "postgresql"|' "$raddb/mods-available/sqlippool"
    ln -s ../mods-available/sql ../mods-available/sqlippool "$raddb/mods-enabled/"
    post_auth='
	post-auth {
		update control {
			&Pool-Name := "farm"
		}
		sqlippool {
			notfound = reject
		}
	}'
    accounting='
		sqlippool'
    # radius.so sends no Message-Authenticator. FreeRADIUS 3.2.5 and later (Debian 13) default
    # to "auto", which the first Access-Request from the client decides for all its addresses
    # (radclient's, which has one, would then lock the LNSs out).
    extra='
	require_message_authenticator = no'
  fi
  cat >"$raddb/sites-enabled/l2tpd" <<EOT
server l2tpd {
	listen {
		type = auth
		ipaddr = $address
		port = 1812
	}
	listen {
		type = acct
		ipaddr = $address
		port = 1813
	}
	authorize {
		preprocess
		chap
		mschap
		files
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}$post_auth
	preacct {
		preprocess
		acct_unique
	}
	accounting {
		detail$accounting
	}
}
EOT
  printf 'client lns {\n\tipaddr = %s\n\tsecret = vm-radius-secret%s\n}\n' "$client" "$extra" >"$raddb/clients.conf"
  cat >"$raddb/mods-config/files/authorize"
}

# freeradius_start: FreeRADIUS on $work/raddb in $ns_r, once it listens.
freeradius_start() {
  start "$ns_r" freeradius -f -d "$work/raddb" -l stdout >>"$logs/${test_name}_freeradius.log" 2>&1
  pid_r=$started
  wait_until 20 udp_listening "$ns_r" 1812 # FreeRADIUS ready
}

# pool_database FIRST COUNT: PostgreSQL for sqlippool, running as postgres in $ns_r, its
# cluster and socket in $work/postgres (so $work, mktemp's 0700, is opened for traversal); the
# database radius with Debian's schemas (FreeRADIUS's tables and radippool) and COUNT rows of
# the pool "farm" from FIRST, expired (free) from the start.
pool_database() {
  local first=$1 count=$2 dir=$work/postgres schemas=/etc/freeradius/3.0/mods-config/sql
  [ -x "$pg_bin/postgres" ] || fail "no PostgreSQL in /usr/lib/postgresql (bash .ci/deps installs it)"
  chmod go+x "$work"
  mkdir "$dir"
  chown postgres:postgres "$dir"
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C -N \
    >>"$logs/${test_name}_postgres.log" 2>&1 || fail "initdb failed: $logs/${test_name}_postgres.log"
  start "$ns_r" "${as_postgres[@]}" "$pg_bin/postgres" -D "$dir/data" -k "$dir" \
    -c listen_addresses= -c fsync=off -c shared_buffers=16MB >>"$logs/${test_name}_postgres.log" 2>&1
  pid_pg=$started
  on_exit "$(printf '%q ' "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m fast -t 20 stop) >/dev/null 2>&1"
  wait_until 60 "$pg_bin/pg_isready" -q -h "$dir" -U postgres # PostgreSQL ready
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d postgres -c "CREATE DATABASE radius" ||
    fail "cannot create the database radius"
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d radius \
    -f "$schemas/main/postgresql/schema.sql" -f "$schemas/ippool/postgresql/schema.sql" \
    -c "INSERT INTO radippool (pool_name, framedipaddress, expiry_time)
        SELECT 'farm', '$first'::inet + n, 'now'::timestamp(0) - '1 hour'::interval
        FROM generate_series(0, $count - 1) AS n" ||
    fail "cannot fill the pool"
}

pool_sql() {
  "$pg_bin/psql" -X -q -At -F ' ' -v ON_ERROR_STOP=1 -h "$work/postgres" -U postgres -d radius -c "$1"
}

# sqlippool's own test of a free address: expiry_time < 'now'::timestamp(0) (allocate_find).
pool_leases() {
  pool_sql "SELECT host(framedipaddress), nasipaddress, pool_key, username FROM radippool
            WHERE expiry_time >= 'now'::timestamp(0) ORDER BY framedipaddress"
}
