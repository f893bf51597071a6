#!/usr/bin/env bash
# Inside the VM guest (whose writes are thrown away): the Debian package installs with apt from
# the file alone (its dependencies are the host's, already there), its configuration checks,
# the installed daemon starts and answers the installed l2tpctl, and the unit, man pages and
# documents are where Debian expects them.
# Run: L2TP_DEB=/path/l2tpd_VERSION_ARCH.deb tests/vm/run.sh tests/vm/package/install_test.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../guest/lib.sh
source "${BASH_SOURCE[0]%/*}/../guest/lib.sh"
deb=${L2TP_DEB:?L2TP_DEB names the package}
[ -f "$deb" ] || fail "no package $deb"

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
  >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; fail "apt-get install $deb"; }
# The unit where the release's systemd keeps packaged ones: /lib/systemd/system on Debian 12,
# /usr/lib/systemd/system on Debian 13.
unit=$(pkg-config --variable=systemdsystemunitdir systemd)/l2tpd.service
for f in /usr/sbin/l2tpd /usr/sbin/l2tpctl "$unit" \
  /etc/l2tpd/l2tpd.yaml /etc/l2tpd/secrets.yaml /usr/share/man/man8/l2tpd.8.gz \
  /usr/share/man/man8/l2tpctl.8.gz /usr/share/man/man5/l2tpd.yaml.5.gz \
  /usr/share/doc/l2tpd/copyright /usr/share/doc/l2tpd/README.md /usr/share/doc/l2tpd/ppp.md \
  /usr/share/doc/l2tpd/metrics.md; do
  [ -e "$f" ] || fail "the package did not install $f"
done
[ "$(stat -c %a /etc/l2tpd/secrets.yaml)" = 600 ] || fail "secrets.yaml is not 0600"
grep -q "^ExecStart=/usr/sbin/l2tpd -c /etc/l2tpd/l2tpd.yaml" "$unit" ||
  fail "the installed unit does not run the installed daemon"
/usr/sbin/l2tpd --check-config /etc/l2tpd/l2tpd.yaml || fail "the installed configuration does not check"
# Installed, the unit's commands and its man page reference exist.
if ! out=$(systemd-analyze verify "$unit" 2>&1) || [ -n "$out" ]; then
  fail "systemd-analyze verify on the installed unit: $out"
fi

# As the unit would: its runtime directory, the installed configuration.
mkdir -p /run/l2tpd
/usr/sbin/l2tpd -c /etc/l2tpd/l2tpd.yaml --log console >/tmp/l2tpd.log 2>&1 &
pid=$!
on_exit "kill $pid 2>/dev/null"
answers() { /usr/sbin/l2tpctl stats >/dev/null; }
wait_until 20 answers # the installed l2tpd to answer l2tpctl
/usr/sbin/l2tpctl show tunnels >/dev/null || fail "l2tpctl show tunnels"
kill -TERM "$pid"
wait "$pid" || fail "the installed l2tpd exited with $? on SIGTERM"
dpkg -s l2tpd | has "^Status: install ok installed" || fail "dpkg does not list l2tpd as installed"
dpkg -s l2tpd | has "^Depends: .*libprometheus-cpp-core" ||
  fail "the package does not declare the metrics library it links"

# The installed configuration with the metrics endpoint turned on, as its comment shows.
cp /etc/l2tpd/secrets.yaml /tmp/secrets.yaml
sed 's/^#metrics: /metrics: /' /etc/l2tpd/l2tpd.yaml >/tmp/l2tpd.yaml
/usr/sbin/l2tpd -c /tmp/l2tpd.yaml --log console >/tmp/l2tpd-metrics.log 2>&1 &
pid=$!
on_exit "kill $pid 2>/dev/null"
scraped() {
  python3 -c "import urllib.request
print(urllib.request.urlopen('http://127.0.0.1:9641/metrics', timeout=5).read().decode())" |
    has '^l2tpd_tunnels{version="2",state="established"} 0$'
}
wait_until 20 scraped # the installed l2tpd to serve metrics
kill -TERM "$pid"
wait "$pid" || fail "the installed l2tpd with metrics exited with $? on SIGTERM"
echo "package: installed, configuration checks, daemon answers l2tpctl and serves metrics, files in place"
