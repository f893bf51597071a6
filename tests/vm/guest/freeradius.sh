# shellcheck shell=bash disable=SC2154,SC2034 # lib.sh's made_ns, work, logs; pid_r: the caller's
# Sourced after lib.sh and daemon_test by what authenticates PPP subscribers against FreeRADIUS
# (52_radius, bench/ppp_compare.sh --radius): docs/radius.md, "The FreeRADIUS side".
#   freeradius_behind NS <USERS
#                              FreeRADIUS in a namespace of its own, $ns_r (198.51.100.2), on a
#                              veth to NS (rad-b there, 198.51.100.1, its one client, secret
#                              vm-radius-secret); PAP, CHAP and MS-CHAP checked against the users
#                              file read from stdin, accounting (port 1813) written to the detail
#                              files under $work/radius-log/radacct; its PID in $pid_r, its
#                              log $logs/${test_name}_freeradius.log; returns once it listens

freeradius_behind() {
  local ns_nas=$1 raddb=$work/raddb
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
  # Debian's configuration, run as root (it reads $work) with a site of our own: PAP, CHAP and
  # MS-CHAP from the users file, accounting to the detail file; no EAP (it needs certificates).
  cp -a /etc/freeradius/3.0 "$raddb"
  mkdir -p "$work/radius-log" "$work/radius-run"
  sed -i -e '/^\s*user = /d' -e '/^\s*group = /d' -e "s|^logdir = .*|logdir = $work/radius-log|" \
    -e "s|^run_dir = .*|run_dir = $work/radius-run|" "$raddb/radiusd.conf"
  rm -f "$raddb/mods-enabled/eap" "$raddb"/sites-enabled/*
  cat >"$raddb/sites-enabled/l2tpd" <<'EOT'
server l2tpd {
	listen {
		type = auth
		ipaddr = 198.51.100.2
		port = 1812
	}
	listen {
		type = acct
		ipaddr = 198.51.100.2
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
	}
	preacct {
		preprocess
		acct_unique
	}
	accounting {
		detail
	}
}
EOT
  printf 'client lns {\n\tipaddr = 198.51.100.1\n\tsecret = vm-radius-secret\n}\n' >"$raddb/clients.conf"
  cat >"$raddb/mods-config/files/authorize"
  start "$ns_r" freeradius -f -d "$raddb" -l stdout >>"$logs/${test_name}_freeradius.log" 2>&1
  pid_r=$started
  wait_until 20 udp_listening "$ns_r" 1812 # FreeRADIUS ready
}
